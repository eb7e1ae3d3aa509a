import { Reply } from "@codexkit/testing";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodexProvider, createCodexProvider } from "../src/index.js";
import { startTestCodex, type TestCodex } from "./support/test-codex.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let t: TestCodex;
let codex: CodexProvider;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t = await startTestCodex({ codex: { telemetry: { tracerProvider: provider } } });
  codex = createCodexProvider({ codex: t.codex, cwd: t.workspace, approvalMode: "denyAll" });
});
afterAll(async () => {
  await codex?.close();
  await t?.dispose();
  context.disable();
});

/** The name of the span's parent among `spans`. */
function parentName(spans: readonly ReadableSpan[], span: ReadableSpan): string | undefined {
  return spans.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId)?.name;
}

describe("with the AI SDK's telemetry on, a Codex turn is a child of the AI SDK's model-call span", () => {
  it.each([
    ["generateText", "ai.generateText.doGenerate"],
    ["streamText", "ai.streamText.doStream"],
  ] as const)("%s → %s → invoke_agent codex", async (fn, parent) => {
    t.model.enqueue(Reply.message(`answer of ${fn}`));
    const telemetry = { isEnabled: true, tracer: provider.getTracer("ai"), functionId: fn };
    const prompt = `say hello (${fn})`;
    const text =
      fn === "generateText"
        ? (await generateText({ model: codex("gpt-test"), prompt, experimental_telemetry: telemetry })).text
        : await streamText({ model: codex("gpt-test"), prompt, experimental_telemetry: telemetry }).text;
    expect(text).toBe(`answer of ${fn}`);

    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.name === parent && s.attributes["ai.telemetry.functionId"] === fn);
    expect(call?.attributes["ai.model.provider"]).toBe("codex");
    const turns = spans.filter(
      (s) => s.name === "invoke_agent codex" && s.parentSpanContext?.spanId === call?.spanContext().spanId,
    );
    expect(turns).toHaveLength(1);
    expect(turns[0]?.spanContext().traceId).toBe(call?.spanContext().traceId);
    // (streamText ends its own top span after the stream is consumed, so only generateText's is finished here)
    if (fn === "generateText") expect(parentName(spans, call as ReadableSpan)).toBe("ai.generateText");
  });
});
