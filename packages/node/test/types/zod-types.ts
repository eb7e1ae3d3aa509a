// Type tests (compiled, never run): zod 4 schemas type `tool()` arguments and `output` the same way under
// `strict` and under `strict` + `exactOptionalPropertyTypes`. Checked by `pnpm typecheck` against the built
// declarations, once per setting (tsconfig.strict.json, tsconfig.exact.json), and against the sources.
import {
  type JsonSchemaObject,
  type StandardJsonSchema,
  type Thread,
  type Tool,
  type ToolParameters,
  tool,
} from "@codexkit/node";
import { z } from "zod";

/** True when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when `T` is `true`. */
function expectTrue<T extends true>(_proof?: T): void {}

const Weather = z.object({ city: z.string(), days: z.number().int() });

// A zod object is a ToolParameters (the error users hit: `ZodObject<…> is not assignable to 'ToolParameters'`).
export const parameters: ToolParameters = Weather;
export const standard: StandardJsonSchema<{ city: string; days: number }> = Weather;

// tool(): execute's arguments are the schema's output type, and so is the tool's.
export const weather = tool({
  name: "lookup_weather",
  description: "Current weather for a city",
  parameters: Weather,
  execute: async (args) => {
    expectTrue<Equal<typeof args, { city: string; days: number }>>();
    // @ts-expect-error not a property of the schema (args is neither unknown nor any)
    args.country;
    return `18°C in ${args.city.toUpperCase()} for ${args.days.toFixed(0)} days`;
  },
});
expectTrue<Equal<typeof weather, Tool<{ city: string; days: number }>>>();

// A plain JSON Schema keeps working, with JSON-object arguments.
const jsonSchema: JsonSchemaObject = { type: "object", properties: { q: { type: "string" } } };
export const search = tool({
  name: "search",
  description: "Search",
  parameters: jsonSchema,
  execute: (args) => {
    expectTrue<Equal<typeof args, Record<string, unknown>>>();
    return String(args.q);
  },
});

// A schema with transforms and optional fields: execute gets the output side.
export const parsed = tool({
  name: "parse",
  description: "Parse",
  parameters: z.object({ n: z.string().transform((s) => Number(s)), tag: z.string().optional() }),
  execute: ({ n, tag }) => {
    expectTrue<Equal<typeof n, number>>();
    expectTrue<Equal<typeof tag, string | undefined>>();
    return String(n);
  },
});

// outputSchema: a zod schema types result.output; a JSON Schema gives unknown; none gives undefined.
declare const thread: Thread;
const Verdict = z.object({ verdict: z.enum(["approve", "reject"]), reasons: z.array(z.string()) });
export async function outputs(): Promise<void> {
  const typed = await thread.run("Review.", { outputSchema: Verdict });
  expectTrue<Equal<typeof typed.output, { verdict: "approve" | "reject"; reasons: string[] } | undefined>>();
  if (typed.output) typed.output.reasons.map((reason) => reason.trim());

  const handle = await thread.turn("Review.", { outputSchema: Verdict });
  const streamed = await handle.run();
  expectTrue<Equal<typeof streamed.output, typeof typed.output>>();

  const plain = await thread.run("Review.", { outputSchema: { type: "object" } });
  expectTrue<Equal<typeof plain.output, unknown>>();

  const none = await thread.run("Review.");
  expectTrue<Equal<typeof none.output, undefined>>();
}
