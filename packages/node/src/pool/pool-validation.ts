import { InvalidInputError } from "@codexkit/core";
import { checkNumber, checkOptionsObject, describeValue, isPlainObject } from "../internal/validation.js";
import type { CodexPoolOptions } from "./pool-options.js";

/** Throws {@link InvalidInputError} unless `options` describe a pool: `size` or `members`, not both. */
export function checkPoolOptions(options: unknown): asserts options is CodexPoolOptions {
  if (options === undefined)
    throw new InvalidInputError("CodexPool options are required: { size } or { members }");
  checkOptionsObject(options, "CodexPool options");
  const { size, members, restart } = options as Record<string, unknown>;
  if ((size === undefined) === (members === undefined))
    throw new InvalidInputError("CodexPool options need exactly one of size and members");
  if (size !== undefined && (typeof size !== "number" || !Number.isInteger(size) || size < 1))
    throw new InvalidInputError(`size must be a positive integer, got ${describeValue(size)}`);
  if (members !== undefined) {
    if (!Array.isArray(members) || members.length === 0)
      throw new InvalidInputError(`members must be a non-empty array, got ${describeValue(members)}`);
    members.forEach((member, index) => {
      if (!isPlainObject(member))
        throw new InvalidInputError(`members[${index}] must be an object, got ${describeValue(member)}`);
    });
  }
  if (restart !== undefined) {
    if (!isPlainObject(restart))
      throw new InvalidInputError(`restart must be an object, got ${describeValue(restart)}`);
    checkNumber(restart.initialDelayMs, "restart.initialDelayMs", 0);
    checkNumber(restart.maxDelayMs, "restart.maxDelayMs", 0);
  }
}
