import type { ThreadItem } from "@codexkit/node";
import { describe, expect, test } from "vitest";
import { displayCommand, summarizeActions } from "../src/turn-summary.js";

describe("turn summary", () => {
  test.each([
    ["/bin/bash -lc 'echo hi'", "echo hi"],
    [`/bin/bash -lc "printf 'it works' > out.txt"`, "printf 'it works' > out.txt"],
    [`/bin/bash -lc 'it'\\''s'`, "it's"],
    [`/bin/zsh -lc "echo \\"\\$HOME\\""`, 'echo "$HOME"'],
    ["/usr/bin/sh -c ls", "ls"],
    ["git status", "git status"],
    ["/bin/bash -lc 'echo a' extra", "/bin/bash -lc 'echo a' extra"],
    ["/bin/bash -lc 'unterminated", "/bin/bash -lc 'unterminated"],
  ])("displays %s as %s", (wrapped, shown) => {
    expect(displayCommand(wrapped)).toBe(shown);
  });

  test("summarises commands, file changes, tool calls and web searches; ignores messages", () => {
    const items = [
      { type: "agentMessage", id: "m", text: "hi", phase: null },
      { type: "commandExecution", id: "c", command: "/bin/bash -lc 'ls'", status: "completed", exitCode: 0 },
      {
        type: "fileChange",
        id: "f",
        status: "declined",
        changes: [
          { path: "/w/a.txt", kind: { type: "add" }, diff: "" },
          { path: "/w/b.txt", kind: { type: "update", move_path: null }, diff: "" },
        ],
      },
      { type: "mcpToolCall", id: "t", server: "docs", tool: "search", status: "failed" },
      { type: "webSearch", id: "w", query: "vitest fake timers", action: null },
    ] as unknown as ThreadItem[];
    expect(summarizeActions(items)).toEqual({
      commands: [{ command: "ls", status: "completed", exitCode: 0 }],
      fileChanges: [
        { path: "/w/a.txt", kind: "add", status: "declined" },
        { path: "/w/b.txt", kind: "update", status: "declined" },
      ],
      toolCalls: [{ server: "docs", tool: "search", status: "failed" }],
      webSearches: ["vitest fake timers"],
    });
  });
});
