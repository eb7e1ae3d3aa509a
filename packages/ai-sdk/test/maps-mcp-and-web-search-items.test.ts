// Unit test of the item → part mapping for the two kinds of Codex tool activity the offline setup cannot
// produce on demand (an MCP server call and a web search need a configured MCP server or the network).
// The notifications are typed with the generated protocol types, so their shape is checked by the compiler.
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Notification, ThreadItem } from "@codexkit/node";
import { describe, expect, it } from "vitest";
import { CODEX_TOOL_NAMES } from "../src/index.js";
import { TurnPartMapper } from "../src/turn-part-mapper.js";

const mcpCall = (status: "inProgress" | "completed" | "failed"): ThreadItem => ({
  type: "mcpToolCall",
  id: "mcp_1",
  server: "docs",
  environmentId: null,
  tool: "search",
  status,
  arguments: { q: "vitest" },
  appContext: null,
  mcpAppUi: null,
  pluginId: null,
  readOnlyHint: true,
  result:
    status === "completed"
      ? { content: [{ type: "text", text: "found" }], structuredContent: null, _meta: null }
      : null,
  error: status === "failed" ? { message: "server down" } : null,
  durationMs: status === "inProgress" ? null : 12,
});

function mapped(events: Notification[]): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [];
  const mapper = new TurnPartMapper(
    (part) => parts.push(part),
    () => ({ codex: { threadId: "t", turnId: "u" } }),
  );
  for (const event of events) mapper.add(event);
  return parts;
}
const item = (method: "item/started" | "item/completed", thread: ThreadItem): Notification =>
  ({ method, params: { threadId: "t", turnId: "u", item: thread } }) as Notification;

describe("Codex's MCP calls and web searches as provider-executed tool parts", () => {
  it("an MCP call: tool-call at start, tool-result (isError when failed) at completion", () => {
    const ok = mapped([
      item("item/started", mcpCall("inProgress")),
      item("item/completed", mcpCall("completed")),
    ]);
    expect(ok).toEqual([
      expect.objectContaining({
        type: "tool-call",
        toolCallId: "mcp_1",
        toolName: "mcp__docs__search",
        input: '{"q":"vitest"}',
        providerExecuted: true,
        dynamic: true,
      }),
      expect.objectContaining({
        type: "tool-result",
        toolCallId: "mcp_1",
        toolName: "mcp__docs__search",
        isError: false,
      }),
    ]);
    const failed = mapped([
      item("item/started", mcpCall("inProgress")),
      item("item/completed", mcpCall("failed")),
    ]);
    expect(failed[1]).toMatchObject({
      type: "tool-result",
      isError: true,
      result: { error: { message: "server down" } },
    });
  });

  it("a web search: call and result at completion, when the query is known", () => {
    const search: ThreadItem = {
      type: "webSearch",
      id: "ws_1",
      query: "codex app-server",
      action: { type: "search", query: "codex app-server", queries: null },
      results: [{ url: "https://example.org" }],
    };
    const parts = mapped([item("item/completed", search)]);
    expect(parts).toEqual([
      expect.objectContaining({
        type: "tool-call",
        toolName: CODEX_TOOL_NAMES.webSearch,
        input: '{"query":"codex app-server"}',
        providerExecuted: true,
      }),
      expect.objectContaining({
        type: "tool-result",
        toolName: CODEX_TOOL_NAMES.webSearch,
        result: {
          query: "codex app-server",
          action: { type: "search", query: "codex app-server", queries: null },
          results: [{ url: "https://example.org" }],
        },
      }),
    ]);
  });
});
