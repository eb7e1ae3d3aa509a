import { describe, expect, it } from "vitest";
import * as errors from "../src/client/errors.js";
import { CodexError, InvalidRequestError, TransportClosedError, type TurnResult } from "../src/index.js";

const failed: TurnResult = {
  id: "turn-1",
  threadId: "thread-1",
  status: "failed",
  error: { message: "model outage", codexErrorInfo: null, additionalDetails: null } as TurnResult["error"],
  startedAt: null,
  completedAt: null,
  durationMs: null,
  finalResponse: undefined,
  items: [],
  usage: null,
  output: undefined,
  retries: [],
  serverRequests: [],
};

/** One error of each class node adds, built as the client builds them. */
function oneOfEach(module: typeof errors): CodexError[] {
  return [
    new module.ProcessExitedError(1, null, "tail"),
    new module.StartupError("could not start"),
    new module.CodexBinaryNotFoundError(["PATH"]),
    new module.NotLoggedInError("openai"),
    new module.ThreadNotStoredError("thread-1", new InvalidRequestError(-32600, "no rollout found")),
    new module.OutputValidationError("not JSON", "{"),
    new module.TurnAbortedError({ ...failed, status: "interrupted" }, "stop"),
    new module.TurnFailedError(failed),
  ];
}

describe("node's errors", () => {
  it("each class has a marker of its own: isInstance agrees with instanceof, base classes included", () => {
    const instances = oneOfEach(errors);
    const classes = (Object.values(errors) as unknown[]).filter(
      (value): value is typeof CodexError => typeof value === "function" && value.prototype instanceof Error,
    );
    expect(instances.map((error) => error.constructor).sort()).toEqual([...classes].sort());
    for (const error of instances) {
      for (const type of [...classes, CodexError, TransportClosedError, InvalidRequestError])
        expect(type.isInstance(error)).toBe(error instanceof type);
    }
  });

  it("are recognised by isInstance when they come from another copy of the module, where instanceof fails", async () => {
    const other = (await import(
      /* @vite-ignore */ `../src/client/errors.js?copy=${Date.now()}`
    )) as typeof errors;
    expect(other.TurnFailedError).not.toBe(errors.TurnFailedError);
    for (const [index, error] of oneOfEach(other).entries()) {
      const local = oneOfEach(errors)[index]!.constructor as typeof CodexError;
      expect(error).not.toBeInstanceOf(local);
      expect(local.isInstance(error)).toBe(true);
      expect(CodexError.isInstance(error)).toBe(true);
    }
    expect(errors.TurnFailedError.isInstance(new other.TurnAbortedError(failed, "stop"))).toBe(false);
  });

  it("carry their codes", () => {
    expect(oneOfEach(errors).map((error) => error.code)).toEqual([
      "process_exited",
      "startup_failed",
      "binary_not_found",
      "not_logged_in",
      "thread_not_stored",
      "invalid_output",
      "aborted",
      "turn_failed",
    ]);
  });
});
