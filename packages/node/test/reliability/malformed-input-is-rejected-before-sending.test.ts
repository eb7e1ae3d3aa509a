import { Codex, InvalidInputError, type Thread, type TurnHandle } from "@codexkit/node";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_APP_SERVER, type FakeCodex, fakeCodex } from "./support/fake.js";

/**
 * Property-based: every malformed value of the public input and option types is refused with
 * InvalidInputError before anything is written to the transport. The transport is the fake app-server's
 * stdin, which records every line: after each call a `model/list` round trip proves nothing else arrived.
 */

/** fast-check runs per property; the suite's note multiplies it by the number of properties. */
export const RUNS = 500;

// ---- arbitraries ----------------------------------------------------------------------------------------

const cyclic = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { type: "object" };
  value.self = value;
  return value;
};
/** Anything but a string (and not undefined, which means "not given"). */
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  fc.constant(() => "a function"),
  fc.constant(Symbol("s")),
);
const notNonEmptyString = fc.oneof(notString, fc.constant(""));
const notBoolean = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({}), fc.constant([]));
const notFunction = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}));
const notPlainObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer()),
);
const unserializable = fc.constantFrom<() => Record<string, unknown>>(
  () => ({ type: "object", big: 10n }),
  cyclic,
);
const badString = (allowed: readonly string[]) =>
  fc.oneof(
    fc.string().filter((s) => !allowed.includes(s)),
    notString,
  );
const whitespace = fc
  .array(fc.constantFrom(" ", "\t", "\n"), { maxLength: 4 })
  .map((chars) => chars.join(""));

const INPUT_TYPES = ["text", "image", "localImage", "skill", "mention"];
const goodItem = fc.oneof(
  fc.string().map((text) => ({ type: "text", text })),
  fc.string({ minLength: 1 }).map((url) => ({ type: "image", url })),
  fc.string({ minLength: 1 }).map((path) => ({ type: "localImage", path })),
);
/** An item that is malformed on its own (an object, but not a valid input item). */
const badObjectItem = fc.oneof(
  fc.record({ type: badString(INPUT_TYPES), text: fc.string() }, { requiredKeys: [] }),
  fc.record({ type: fc.constant("text"), text: notString }),
  fc.record({ type: fc.constant("image"), url: notNonEmptyString }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("localImage"), path: notNonEmptyString }, { requiredKeys: ["type"] }),
  fc.record({
    type: fc.constantFrom("skill", "mention"),
    name: notNonEmptyString,
    path: fc.string({ minLength: 1 }),
  }),
  fc.record({
    type: fc.constantFrom("skill", "mention"),
    name: fc.string({ minLength: 1 }),
    path: notNonEmptyString,
  }),
);
/** What is malformed inside a list: any non-object (a string is only shorthand at the top level). */
const badListItem = fc.oneof(
  badObjectItem,
  fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.integer()),
  ),
);
/** A RunInput that is malformed: wrong top-level type, empty, or a list with at least one bad item. */
const badRunInput = fc.oneof(
  fc.constantFrom<unknown>("", [], null, undefined, 0, 42, true, false, 10n, () => "hi"),
  badObjectItem,
  fc
    .tuple(fc.array(goodItem, { maxLength: 3 }), badListItem, fc.array(goodItem, { maxLength: 3 }))
    .map(([before, bad, after]) => [...before, bad, ...after]),
);

const APPROVAL_MODES = [
  "autoReview",
  "ask",
  "askUnlessTrusted",
  "denyAll",
  "dangerouslyBypassApprovalsAndSandbox",
];
const SANDBOXES = ["readOnly", "workspaceWrite", "fullAccess"];
const POLICY_TYPES = ["dangerFullAccess", "readOnly", "externalSandbox", "workspaceWrite"];
const SUMMARIES = ["auto", "concise", "detailed", "none"];
const PERSONALITIES = ["none", "friendly", "pragmatic"];
const handlerField = fc.record({
  name: fc.constantFrom("onApproval", "onUserInput", "onElicitation"),
  value: notFunction,
});

/** TurnOptions with exactly one malformed field. */
const badTurnOptions = fc.oneof(
  badString(APPROVAL_MODES).map((approvalMode) => ({ approvalMode })),
  fc
    .oneof(
      badString(SANDBOXES),
      fc.record({ type: badString(POLICY_TYPES) }),
      fc.record({ type: fc.constant("readOnly"), networkAccess: notBoolean }),
      fc.record({
        type: fc.constant("externalSandbox"),
        networkAccess: badString(["restricted", "enabled"]),
      }),
      fc.record(
        {
          type: fc.constant("workspaceWrite"),
          writableRoots: fc.oneof(
            fc.string(),
            fc.integer(),
            fc.constant(null),
            fc.constant({}),
            fc.array(notString, { minLength: 1 }),
          ),
        },
        { requiredKeys: ["type", "writableRoots"] },
      ),
      fc.record({ type: fc.constant("workspaceWrite"), excludeSlashTmp: notBoolean }),
    )
    .map((sandboxPolicy) => ({ sandboxPolicy })),
  fc
    .oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer()))
    .map((outputSchema) => ({
      outputSchema,
    })),
  unserializable.map((make) => ({ outputSchema: make() })),
  fc
    .record({ key: fc.constantFrom("cwd", "model", "serviceTier", "effort"), value: notString })
    .map(({ key, value }) => ({ [key]: value })),
  badString(SUMMARIES).map((summary) => ({ summary })),
  badString(PERSONALITIES).map((personality) => ({ personality })),
  fc
    .oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({}), fc.constant({ aborted: false }))
    .map((signal) => ({
      signal,
    })),
  notPlainObject.map((collaborationMode) => ({ collaborationMode })),
  handlerField.map(({ name, value }) => ({ [name]: value })),
);

/** Thread start/resume/fork settings with one malformed field, or not an options object at all. */
const badThreadSettings = fc.oneof(
  fc.constantFrom<unknown>(null, "options", 42, true, [{ model: "m" }]).map((whole) => ({ whole })),
  badString(APPROVAL_MODES).map((approvalMode) => ({ field: { approvalMode } })),
  badString(SANDBOXES).map((sandbox) => ({ field: { sandbox } })),
  fc
    .record({
      key: fc.constantFrom(
        "baseInstructions",
        "cwd",
        "developerInstructions",
        "model",
        "modelProvider",
        "serviceTier",
        "serviceName",
      ),
      value: notString,
    })
    .map(({ key, value }) => ({ field: { [key]: value } })),
  badString(PERSONALITIES).map((personality) => ({ field: { personality } })),
  notBoolean.map((ephemeral) => ({ field: { ephemeral } })),
  notPlainObject.map((config) => ({ field: { config } })),
  unserializable.map((make) => ({ field: { config: make() } })),
  handlerField.map(({ name, value }) => ({ field: { [name]: value } })),
);

const badThreadId = fc.oneof(notString, whitespace, fc.constant(undefined));

const badNumber = fc.oneof(
  fc.integer({ max: -1 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.string(),
  fc.constant(null),
);
/** Codex constructor options with one malformed field, or not an options object at all. */
const badCodexOptions = fc.oneof(
  fc.constantFrom<unknown>(null, "codex", 42, true, []).map((whole) => ({ whole })),
  fc
    .record({ key: fc.constantFrom("codexPath", "cwd", "codexHome"), value: notString })
    .map(({ key, value }) => ({ field: { [key]: value } })),
  fc
    .oneof(notPlainObject, fc.dictionary(fc.string(), notString, { minKeys: 1, maxKeys: 3 }))
    .map((env) => ({ field: { env } })),
  fc
    .oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.array(notString, { minLength: 1, maxLength: 2 }),
      fc.dictionary(fc.string(), fc.oneof(fc.constant(null), fc.constant({}), fc.array(fc.integer())), {
        minKeys: 1,
        maxKeys: 2,
      }),
    )
    .map((config) => ({ field: { config } })),
  fc
    .oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.constant({}),
      fc.array(notString, { minLength: 1, maxLength: 2 }),
    )
    .map((args) => ({ field: { args } })),
  fc
    .oneof(
      notPlainObject,
      fc.record({ name: notNonEmptyString, version: fc.string() }),
      fc.record({ name: fc.string({ minLength: 1 }), version: notString }),
    )
    .map((clientInfo) => ({ field: { clientInfo } })),
  notBoolean.map((experimentalApi) => ({ field: { experimentalApi } })),
  fc
    .oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(notString, { minLength: 1, maxLength: 2 }))
    .map((optOutNotificationMethods) => ({ field: { optOutNotificationMethods } })),
  fc.oneof(badNumber, fc.constant(0)).map((startupTimeoutMs) => ({ field: { startupTimeoutMs } })),
  fc
    .oneof(
      notPlainObject,
      badNumber.map((graceMs) => ({ graceMs })),
      badNumber.map((termMs) => ({ termMs })),
    )
    .map((closeTimeouts) => ({ field: { closeTimeouts } })),
  fc
    .record({
      name: fc.constantFrom("onMalformedMessage", "onApproval", "onUserInput", "onElicitation"),
      value: notFunction,
    })
    .map(({ name, value }) => ({ field: { [name]: value } })),
);

// ---- the properties -------------------------------------------------------------------------------------

let fake: FakeCodex;
let thread: Thread;
/** A second fake whose turns never end, for a turn to steer (a turn that slipped through would hang here). */
let stallingFake: FakeCodex;
let stalled: TurnHandle;

beforeAll(async () => {
  fake = await fakeCodex();
  thread = await fake.codex.threadStart();
  await fake.receivedSinceLastCheck();
  stallingFake = await fakeCodex({ FAKE_STALL_TURNS: "1" });
  stalled = await (await stallingFake.codex.threadStart()).turn("stays running, to be steered");
  await stallingFake.receivedSinceLastCheck();
});
beforeEach(async () => {
  // a failed property may have let something through: start each one from a clean record
  await fake.receivedSinceLastCheck();
  await stallingFake.receivedSinceLastCheck();
});
afterAll(async () => {
  await fake?.dispose();
  await stallingFake?.dispose();
});

/**
 * Expects `call` to reject (not throw synchronously: these methods return promises) with InvalidInputError
 * and a message. That nothing reached the transport is checked once per property, after all its runs (see
 * {@link property}): one round trip instead of one per run.
 */
async function refusedBeforeSending(call: () => unknown): Promise<void> {
  let returned: unknown;
  try {
    returned = call();
  } catch (thrown) {
    throw new Error(`threw synchronously instead of returning a rejected promise: ${String(thrown)}`);
  }
  expect(returned).toBeInstanceOf(Promise);
  const error = await (returned as Promise<unknown>).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).code).toBe("invalid_input");
  expect((error as Error).message.length).toBeGreaterThan(10);
}

/**
 * Checks `check` on RUNS values, then that none of the calls wrote anything to `transport` (what the fake
 * received after a round trip: stdin is ordered, so anything written before it has arrived).
 */
async function property<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  transport: FakeCodex = fake,
): Promise<void> {
  await fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: RUNS });
  expect(await transport.receivedSinceLastCheck()).toEqual([]);
}

describe("malformed input and options are refused before anything is written (fast-check)", () => {
  it("run() and turn() with a malformed RunInput", async () => {
    await property(fc.tuple(fc.constantFrom("run", "turn"), badRunInput), async ([method, input]) => {
      await refusedBeforeSending(() =>
        method === "run" ? thread.run(input as never) : thread.turn(input as never),
      );
    });
  });

  it("steer() with a malformed RunInput", async () => {
    await property(
      badRunInput,
      async (input) => {
        await refusedBeforeSending(() => stalled.steer(input as never));
      },
      stallingFake,
    );
  });

  it("turn options with one malformed field", async () => {
    await property(badTurnOptions, async (options) => {
      await refusedBeforeSending(() => thread.run("valid input", options as never));
    });
  });

  it("thread start, resume and fork settings with one malformed field", async () => {
    await property(
      fc.tuple(fc.constantFrom("threadStart", "threadResume", "threadFork"), badThreadSettings),
      async ([method, bad]) => {
        const options = "whole" in bad ? bad.whole : bad.field;
        await refusedBeforeSending(() =>
          method === "threadStart"
            ? fake.codex.threadStart(options as never)
            : fake.codex[method as "threadResume" | "threadFork"](thread.id, options as never),
        );
      },
    );
  });

  it("a malformed threadId", async () => {
    await property(
      fc.tuple(
        fc.constantFrom("threadResume", "threadFork", "threadArchive", "threadUnarchive"),
        badThreadId,
      ),
      async ([method, threadId]) => {
        await refusedBeforeSending(() =>
          fake.codex[method as "threadResume" | "threadFork" | "threadArchive" | "threadUnarchive"](
            threadId as never,
          ),
        );
      },
    );
  });

  it("method arguments: models, account, read, setName, loginApiKey, startGoal", async () => {
    const calls: Array<[string, fc.Arbitrary<() => unknown>]> = [
      ["models", notBoolean.map((includeHidden) => () => fake.codex.models({ includeHidden } as never))],
      ["models(options)", notPlainObject.map((options) => () => fake.codex.models(options as never))],
      ["account", notBoolean.map((refreshToken) => () => fake.codex.account({ refreshToken } as never))],
      ["read", notBoolean.map((includeTurns) => () => thread.read({ includeTurns } as never))],
      ["setName", notString.map((name) => () => thread.setName(name as never))],
      [
        "loginApiKey",
        fc.oneof(notString, whitespace).map((key) => () => fake.codex.loginApiKey(key as never)),
      ],
      ["startGoal", fc.oneof(notString, whitespace).map((goal) => () => thread.startGoal(goal as never))],
    ];
    await property(fc.oneof(...calls.map(([, arbitrary]) => arbitrary)), async (call) => {
      await refusedBeforeSending(call);
    });
  });

  it("Codex options with one malformed field: the constructor throws, nothing is spawned", async () => {
    await property(badCodexOptions, async (bad) => {
      const options = "whole" in bad ? bad.whole : { codexPath: FAKE_APP_SERVER, ...bad.field };
      expect(() => new Codex(options as never)).toThrow(InvalidInputError);
    });
    // the fake records anything it receives: the client under test is the only one that ever started
    expect(fake.received().filter((message) => message.method === "initialize")).toHaveLength(1);
  });
});
