import { MalformedMessageError } from "@codexkit/node";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

describe("garbage on the app-server's stdout", () => {
  it("1,000 malformed, non-object and truncated lines between valid messages: every valid message is delivered, every bad line is reported once through onMalformedMessage, truncated", async () => {
    // 10 bad lines before each valid message until 1,000 are out: the 2 handshake/thread answers plus 4
    // messages per turn (answer, turn/started, item/completed, turn/completed) need 25 turns to spend them.
    await using fake = await fakeCodex({ FAKE_GARBAGE_PER_MESSAGE: "10", FAKE_GARBAGE_TOTAL: "1000" });
    const notifications: string[] = [];
    fake.codex.onNotification((n) => notifications.push(n.method));
    const thread = await fake.codex.threadStart();
    const answers: Array<string | undefined> = [];
    for (let i = 0; i < 25; i++) answers.push((await thread.run(`turn ${i}`)).finalResponse);

    expect(answers).toEqual(Array.from({ length: 25 }, (_, i) => `echo:turn ${i}`));
    expect(notifications).toHaveLength(25 * 3);
    expect(fake.malformed).toHaveLength(1000);
    for (const error of fake.malformed) {
      expect(error).toBeInstanceOf(MalformedMessageError);
      expect(error.code).toBe("malformed_message");
      expect(error.line.length).toBeLessThanOrEqual(MalformedMessageError.MAX_LINE + 1);
      expect(error.message).toMatch(/^Malformed message from codex app-server \(.+\): /);
    }
    const long = fake.malformed.find((error) => error.length > MalformedMessageError.MAX_LINE);
    expect(long?.line).toBe(`{"unterminated":"${"z".repeat(MalformedMessageError.MAX_LINE - 17)}…`);
    expect(long?.length).toBe(517);
    const reasons = new Set(fake.malformed.map((error) => /\((.+?)\)/.exec(error.message)?.[1]));
    expect(reasons).toContain("not a JSON object");
    expect(reasons).toContain("not a JSON-RPC request, notification or response");
    const structural = ["not a JSON object", "not a JSON-RPC request, notification or response"];
    expect([...reasons].filter((reason) => !structural.includes(reason ?? "")).length).toBeGreaterThan(0);
    // the invalid UTF-8 line is reported with replacement characters, not dropped or crashing the decoder
    expect(fake.malformed.some((error) => error.line === "\uFFFD\uFFFD{}")).toBe(true);

    expect(fake.codex.isClosed).toBe(false);
    expect(fake.codex.stats()).toMatchObject({ open: 0, buffered: 0, completionWaiters: 0 });
  });
});
