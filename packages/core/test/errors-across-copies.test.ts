import { describe, expect, it } from "vitest";
import * as errors from "../src/errors.js";
import { CodexError, InvalidRequestError, JsonRpcError, TransportClosedError } from "../src/index.js";

/** A second, separate instance of the errors module: what a second installed copy of codexkit would load. */
async function secondCopy(): Promise<typeof errors> {
  return (await import(/* @vite-ignore */ `../src/errors.js?copy=${Date.now()}`)) as typeof errors;
}

describe("errors of another installed copy", () => {
  it("are not instanceof this copy's classes, but isInstance recognises them by their marker", async () => {
    const other = await secondCopy();
    expect(other.TransportClosedError).not.toBe(TransportClosedError);
    const closed = new other.TransportClosedError("gone");
    expect(closed).not.toBeInstanceOf(TransportClosedError);
    expect(TransportClosedError.isInstance(closed)).toBe(true);
    expect(CodexError.isInstance(closed)).toBe(true);
    expect(JsonRpcError.isInstance(closed)).toBe(false);

    const refused = new other.InvalidRequestError(-32600, "no");
    expect(InvalidRequestError.isInstance(refused)).toBe(true);
    expect(JsonRpcError.isInstance(refused)).toBe(true);
    expect(TransportClosedError.isInstance(refused)).toBe(false);
  });

  it("every error class has a marker of its own, so isInstance tells each from its base and siblings", () => {
    const instances: CodexError[] = [
      new errors.CodexError("x"),
      new errors.JsonRpcError(-32000, "x"),
      new errors.ParseError(-32700, "x"),
      new errors.InvalidRequestError(-32600, "x"),
      new errors.ThreadBusyError(-32600, "thread t already has an active writer"),
      new errors.MethodNotFoundError(-32601, "x"),
      new errors.InvalidParamsError(-32602, "x"),
      new errors.InternalRpcError(-32603, "x"),
      new errors.ServerBusyError(-32001, "x"),
      new errors.RetryLimitExceededError(-32001, "x"),
      new errors.TransportClosedError("x"),
      new errors.MalformedMessageError("x", "not JSON"),
      new errors.InvalidInputError("x"),
      new errors.AbortError("x"),
      new errors.TimeoutError("x"),
      new errors.UnsupportedServerError("x", { missing: "userAgent" }),
    ];
    const classes = Object.values(errors).filter(
      (value): value is typeof CodexError =>
        typeof value === "function" && (value === CodexError || value.prototype instanceof CodexError),
    );
    // one instance per class the module exports
    expect(instances.map((error) => error.constructor).sort()).toEqual([...classes].sort());
    expect(new Set(classes.map((type) => type.marker)).size).toBe(classes.length);
    for (const error of instances) {
      for (const type of classes) expect(type.isInstance(error)).toBe(error instanceof type);
    }
  });

  it("the markers do not show when an error is printed or compared", () => {
    const error = new TransportClosedError("gone");
    expect(Object.keys(error)).not.toContain(Symbol.for("codexkit.error"));
    expect(
      Object.getOwnPropertySymbols(error).every(
        (s) => !Object.getOwnPropertyDescriptor(error, s)?.enumerable,
      ),
    ).toBe(true);
    expect(error).toEqual(new TransportClosedError("gone"));
  });

  it("isInstance is false for what is not an error of codexkit", () => {
    expect(CodexError.isInstance(new Error("x"))).toBe(false);
    expect(CodexError.isInstance(undefined)).toBe(false);
    expect(CodexError.isInstance("codexkit.error")).toBe(false);
    expect(CodexError.isInstance({ [Symbol.for("codexkit.error")]: false })).toBe(false);
  });
});
