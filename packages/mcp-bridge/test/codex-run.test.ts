import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Item, Reply } from "@codexkit/testing";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, lastUserText, startBackend, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

interface RunResult {
  threadId: string;
  turnId: string;
  status: string;
  finalResponse: string | null;
  output?: unknown;
  outputError?: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number } | null;
  actions: {
    commands: Array<{ command: string; status: string; exitCode: number | null }>;
    fileChanges: Array<{ path: string; kind: string; status: string }>;
  };
  cwd: string;
  sandbox: string;
  approvalPolicy: string;
}

describe("codex_run", () => {
  test("returns structuredContent that validates against the declared outputSchema, mirrored as text", async () => {
    const bridge = await startBridge({
      script: [Reply.message("Hello from Codex!", { usage: { inputTokens: 12, outputTokens: 4 } })],
    });
    const { tools } = await bridge.client.listTools();
    const declared = tools.find((tool) => tool.name === "codex_run")!.outputSchema!;

    const result = await bridge.call("codex_run", { prompt: "Say hello" });
    const content = structured<RunResult>(result);
    const validation = new AjvJsonSchemaValidator().getValidator(declared)(content);
    expect(validation.errorMessage).toBeUndefined();
    expect(validation.valid).toBe(true);
    expect(JSON.parse(textOf(result))).toEqual(content);
    expect(content).toMatchObject({
      status: "completed",
      finalResponse: "Hello from Codex!",
      usage: { inputTokens: 12, outputTokens: 4, totalTokens: 16 },
      cwd: bridge.home.workspace,
      sandbox: "read-only",
      approvalPolicy: "on-request",
      timedOut: false,
      approvals: [],
    });
    expect(content.threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bridge.model.inputTexts(0, "user")).toContain("Say hello");
  });

  test("continuing by threadId keeps the conversation: the second model request carries the first exchange", async () => {
    const bridge = await startBridge({
      script: [Reply.message("The secret is 7."), Reply.message("You asked about the secret.")],
    });
    const first = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "Remember the secret number" }),
    );
    const second = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "What did I ask?", threadId: first.threadId }),
    );
    expect(second.threadId).toBe(first.threadId);
    expect(second.turnId).not.toBe(first.turnId);
    expect(second.finalResponse).toBe("You asked about the secret.");
    expect(bridge.model.inputTexts(1, "user")).toEqual(
      expect.arrayContaining(["Remember the secret number", "What did I ask?"]),
    );
    expect(bridge.model.inputTexts(1, "assistant")).toContain("The secret is 7.");
  });

  test("a new bridge process continues a thread from its rollout (resume), with the history", async () => {
    const backend = await startBackend([Reply.message("First answer."), Reply.message("Second answer.")]);
    const first = await startBridge({ backend });
    const { threadId } = structured<RunResult>(await first.call("codex_run", { prompt: "first question" }));
    await first.close();

    const second = await startBridge({ backend, args: ["--expose-existing-threads"] });
    const again = structured<RunResult>(
      await second.call("codex_run", { prompt: "second question", threadId }),
    );
    expect(again).toMatchObject({ threadId, status: "completed", finalResponse: "Second answer." });
    expect(backend.model.inputTexts(1, "user")).toEqual(
      expect.arrayContaining(["first question", "second question"]),
    );
    expect(backend.model.inputTexts(1, "assistant")).toContain("First answer.");
  });

  test("outputSchema reaches the model as a strict json_schema and the answer comes back parsed as output", async () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" }, confidence: { type: "number" } },
      required: ["answer", "confidence"],
      additionalProperties: false,
    };
    const bridge = await startBridge({
      script: [Reply.message('{"answer":"42","confidence":0.9}'), Reply.message('{"answer":42}')],
    });
    const good = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "The answer?", outputSchema: schema }),
    );
    expect(bridge.model.outputFormat(0)).toMatchObject({ type: "json_schema", strict: true, schema });
    expect(good.output).toEqual({ answer: "42", confidence: 0.9 });
    expect(good.outputError).toBeUndefined();

    const bad = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "Again?", outputSchema: schema }),
    );
    expect(bad.status).toBe("completed");
    expect(bad.output).toBeUndefined();
    expect(bad.outputError).toMatch(/does not match outputSchema/);
    expect(bad.finalResponse).toBe('{"answer":42}');
  });

  test("reports the commands run and the files changed", async () => {
    const patch =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch\nEOF\n";
    const bridge = await startBridge({
      args: ["--sandbox", "workspace-write"],
      script: [
        Reply.items([Item.execCommand("printf 'it works' > out.txt && echo written")]),
        Reply.items([Item.execCommand(patch)]),
        Reply.message("Wrote out.txt and notes.txt."),
      ],
    });
    const result = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "Write two files", sandbox: "workspace-write" }),
    );
    expect(result.status).toBe("completed");
    expect(result.actions.commands).toEqual([
      { command: "printf 'it works' > out.txt && echo written", status: "completed", exitCode: 0 },
    ]);
    expect(result.actions.fileChanges).toEqual([
      { path: join(bridge.home.workspace, "notes.txt"), kind: "add", status: "completed" },
    ]);
    expect(readFileSync(join(bridge.home.workspace, "out.txt"), "utf8")).toBe("it works");
    expect(existsSync(join(bridge.home.workspace, "notes.txt"))).toBe(true);
    expect(lastUserText(bridge.model.request(0))).toBe("Write two files");
  });
});
