import { createTestCodex, Reply } from "@codexkit/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logSettingsOf } from "../src/telemetry/session-log.js";
import { scrubMessage } from "../src/telemetry/wire-log.js";

const keep = (text: string) => text;

describe("the wire as logged", () => {
  it("replaces content by its length, keeps ids, names and statuses, and redacts secret fields always", () => {
    const message = {
      jsonrpc: "2.0",
      id: 7,
      method: "turn/start",
      params: {
        threadId: "thr_1",
        input: [{ type: "text", text: "delete everything" }],
        model: "gpt-5.5",
        apiKey: "sk-abc",
        headers: { Authorization: "Bearer abc" },
      },
    };
    expect(scrubMessage(message, false, keep)).toEqual({
      jsonrpc: "2.0",
      id: 7,
      method: "turn/start",
      params: {
        threadId: "thr_1",
        input: [{ type: "text", text: "[17 chars]" }],
        model: "gpt-5.5",
        apiKey: "[REDACTED]",
        headers: { Authorization: "[REDACTED]" },
      },
    });
    const withContent = scrubMessage(message, true, (text) =>
      text.replace("everything", "[X]"),
    ) as typeof message;
    expect(withContent.params.input[0]?.text).toBe("delete [X]");
    expect(withContent.params.apiKey).toBe("[REDACTED]");
  });
});

describe("CODEXKIT_DEBUG", () => {
  it("wire: debug to stderr without content; wire,content: with content; unset: nothing unless a logger is given", () => {
    expect(logSettingsOf({}, undefined)).toBeUndefined();
    expect(logSettingsOf({}, "wire")).toMatchObject({ level: "debug", content: false });
    expect(logSettingsOf({}, " Wire , content ")).toMatchObject({ level: "debug", content: true });
    expect(logSettingsOf({ logger: console }, undefined)).toMatchObject({ level: "info", content: false });
    expect(logSettingsOf({ logger: console, logLevel: "warn" }, "wire")).toMatchObject({
      level: "debug",
      logger: console,
    });
  });

  afterEach(() => {
    delete process.env.CODEXKIT_DEBUG;
    vi.restoreAllMocks();
  });

  it("prints the JSON-RPC wire of a real session to stderr, one line per message", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    process.env.CODEXKIT_DEBUG = "wire";
    await using t = await createTestCodex({ script: [Reply.message("quiet answer")] });
    await (await t.codex.threadStart({ cwd: t.workspace })).run("a private prompt");
    const wire = lines.filter((line) => line.startsWith("[codexkit] debug wire "));
    const sent = wire.filter((line) => line.startsWith("[codexkit] debug wire → "));
    expect(sent.map((line) => (JSON.parse(line.slice(24)) as { method?: string }).method)).toEqual(
      expect.arrayContaining(["initialize", "thread/start", "turn/start"]),
    );
    expect(wire.some((line) => line.includes('"method":"turn/completed"'))).toBe(true);
    expect(wire.join("\n")).not.toContain("a private prompt");
    expect(wire.join("\n")).not.toContain("quiet answer");
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[codexkit\] info turn completed \{.*"status":"completed"/),
    );
  });
});
