import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { MalformedMessageError, type Thread } from "@codexkit/node";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

const MB = 1024 * 1024;

/** Heap plus off-heap (Buffer) memory in use, after full garbage collections. */
function memoryInUse(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * Runs one turn and returns only small facts about it. (Inside its own function so that, once it returned,
 * nothing of the test's own frames still points at the 50 MB result.)
 */
async function bigTurn(thread: Thread, expected: string) {
  const result = await thread.run("send me 50 MB");
  return {
    status: result.status,
    length: result.finalResponse?.length,
    intact: result.finalResponse === expected,
  };
}

describe("a single 50 MB line", () => {
  it("is delivered intact (a 50 MB agent message) or reported truncated (50 MB of garbage), and the memory is released afterwards", async () => {
    await using fake = await fakeCodex({
      FAKE_HUGE_BYTES: String(50 * MB),
      FAKE_HUGE_GARBAGE_BYTES: String(50 * MB),
    });
    const thread = await fake.codex.threadStart();
    const expected = "x".repeat(50 * MB);
    expected.localeCompare("x"); // flattened now, so comparing later allocates nothing new
    const before = memoryInUse();

    expect(await bigTurn(thread, expected)).toEqual({ status: "completed", length: 50 * MB, intact: true });
    expect(fake.malformed).toHaveLength(1);
    for (const error of fake.malformed) {
      expect(error).toBeInstanceOf(MalformedMessageError);
      expect(error.length).toBe(50 * MB);
      expect(error.line.length).toBe(MalformedMessageError.MAX_LINE + 1);
      expect(error.line.startsWith(`{${"y".repeat(MalformedMessageError.MAX_LINE - 1)}`)).toBe(true);
      expect(error.message.length).toBeLessThan(400);
    }

    // The turn moved 100 MB of lines through the reader. What stays (the reported error is still held by
    // the test) is far less than one of those lines. (One turn is enough: a leak keeps a whole line.)
    const after = memoryInUse();
    expect((after - before) / MB).toBeLessThan(20);
    expect(fake.codex.stats()).toMatchObject({ open: 0, buffered: 0 });
    expect(fake.codex.isClosed).toBe(false);
  });
});
