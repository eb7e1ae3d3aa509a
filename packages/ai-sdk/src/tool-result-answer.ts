import type { CallerToolAnswer } from "./active-turn.js";
import type { AnyToolResultOutput } from "./spec-types.js";

/** The answer a waiting Codex tool call gets from an AI SDK tool result (errors and denials are failures). */
export function answerOf(output: AnyToolResultOutput): CallerToolAnswer {
  switch (output.type) {
    case "error-text":
      return { ok: false, message: output.value };
    case "error-json":
      return { ok: false, message: JSON.stringify(output.value) };
    case "execution-denied":
      return { ok: false, message: `the tool call was denied${output.reason ? `: ${output.reason}` : ""}` };
    default:
      return { ok: true, output };
  }
}
