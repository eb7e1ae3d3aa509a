import { describe, expect, it } from "vitest";
import { busyThreadIdOf, type CodexErrorKind, codexSays, osErrorOf } from "../src/internal.js";

/** Error texts of the shapes codex 0.171 sends (see the app-server notes), and what each says. */
const SAID: ReadonlyArray<readonly [string, CodexErrorKind[]]> = [
  ["no rollout found for thread id 00000000-0000-0000-0000-000000000000", ["noRollout", "unknownThread"]],
  ["invalid thread id: invalid character: expected an optional prefix of `urn:uuid:`", ["unknownThread"]],
  ["thread not found: 0190a1b2-0000-7000-8000-000000000000", ["unknownThread"]],
  ["thread 0190a1b2-0000-7000-8000-000000000000 already has an active writer", ["activeWriter"]],
  ["Invalid request: unknown variant `thread/nope`, expected one of `initialize`", ["unknownMethod"]],
  ["no active turn to interrupt", ["noActiveTurn"]],
  ["no active turn to steer", ["noActiveTurn"]],
  ['no active command/exec for process id "p1"', ["noActiveExec"]],
  ["No such file or directory (os error 2)", ["osError"]],
  ["exceeded retry limit, last status: 429 Too Many Requests", ["retryLimit"]],
  // near misses: none of the kinds
  ["requires recursive: true when sourcePath is a directory", []],
  ["Invalid request: missing field `threadId`", []],
];

const KINDS: CodexErrorKind[] = [
  "noRollout",
  "unknownThread",
  "activeWriter",
  "unknownMethod",
  "retryLimit",
  "noActiveTurn",
  "noActiveExec",
  "osError",
];

describe("codexSays: the one classifier of codex's error texts", () => {
  it.each(SAID)("%s → %j", (text, kinds) => {
    expect(KINDS.filter((kind) => codexSays(text, kind))).toEqual(kinds);
  });

  it("names the busy thread and the host error", () => {
    expect(busyThreadIdOf("thread abc-1 already has an active writer")).toBe("abc-1");
    expect(busyThreadIdOf("no active turn to steer")).toBeUndefined();
    expect(osErrorOf("Directory not empty (os error 39)")).toBe("ENOTEMPTY");
    expect(osErrorOf("directory not empty")).toBeUndefined();
  });
});
