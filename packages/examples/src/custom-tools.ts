/**
 * Custom tools: the agent calls your own TypeScript functions. A plain tool (`lookup_weather`), a namespace
 * of tools (`crm`), and an async tool that honours its `signal` (`search_archive`, which has a short
 * timeout here, so the model is told it timed out). Arguments are validated with the zod schemas before
 * `execute` runs, and typed from them.
 *
 *   pnpm --filter @codexkit/examples run example:custom-tools
 */
import { type Codex, type TurnResult, tool, toolFailure, toolset } from "@codexkit/node";
import { type ModelReply, Reply } from "@codexkit/testing";
import { z } from "zod";
import { isMain, runExample } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** A plain tool: the arguments are typed `{ city: string }` from the schema. */
export const weather = tool({
  name: "lookup_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string().describe("city name, e.g. Paris") }),
  execute: async ({ city }) => `18°C and sunny in ${city}`,
});

const customers = new Map([[7, { id: 7, name: "Ada Lovelace", email: "ada@example.com" }]]);

/** A namespace: the model sees `crm` with two tools inside. */
export const crm = toolset({
  name: "crm",
  description: "Customer records",
  tools: [
    tool({
      name: "find_customer",
      description: "Finds a customer by id",
      parameters: z.object({ id: z.number().int() }),
      execute: ({ id }) => customers.get(id) ?? toolFailure(`no customer with id ${id}`),
    }),
    tool({
      name: "update_email",
      description: "Changes a customer's email address",
      parameters: z.object({ id: z.number().int(), email: z.string().email() }),
      execute: ({ id, email }) => {
        const customer = customers.get(id);
        if (!customer) return toolFailure(`no customer with id ${id}`);
        customer.email = email;
        return { updated: true, customer };
      },
    }),
  ],
});

/** An async tool that stops its work when its signal aborts (timeout, interrupt, close). */
export const searchArchive = tool({
  name: "search_archive",
  description: "Searches the (slow) document archive",
  parameters: z.object({ query: z.string() }),
  timeoutMs: 300,
  execute: ({ query }, { signal }) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => resolve(`3 documents match "${query}"`), 5_000);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }),
});

export const PROMPT = "What's the weather in Paris, and update customer 7's email to ada@lovelace.dev?";

/** What the scripted model does: two parallel calls, a namespaced call, a slow search, then the answer. */
export function script(): ModelReply[] {
  return [
    Reply.toolCalls([
      { name: "lookup_weather", args: { city: "Paris" }, callId: "call_weather" },
      { name: "find_customer", args: { id: 7 }, namespace: "crm", callId: "call_find" },
    ]),
    Reply.toolCall(
      "update_email",
      { id: 7, email: "ada@lovelace.dev" },
      { namespace: "crm", callId: "call_update" },
    ),
    Reply.toolCall("search_archive", { query: "Ada" }, { callId: "call_search" }),
    Reply.message("It is 18°C and sunny in Paris. Customer 7 now has the email ada@lovelace.dev."),
  ];
}

/** Options of {@link main}. */
export interface CustomToolsOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
  prompt?: string;
}

export async function main({
  codex,
  cwd,
  out = process.stdout,
  prompt = PROMPT,
}: CustomToolsOptions): Promise<TurnResult> {
  const thread = await codex.threadStart({ cwd, tools: [weather, crm, searchArchive] });
  println(out, `> ${prompt}`);
  const turn = await thread.turn(prompt);
  for await (const event of turn.stream()) {
    if (event.method !== "item/completed" || event.params.item.type !== "dynamicToolCall") continue;
    const { namespace, tool: name, arguments: args, success, durationMs, contentItems } = event.params.item;
    const text = (contentItems ?? [])
      .map((item) => (item.type === "inputText" ? item.text : `[${item.type}]`))
      .join(" ");
    println(
      out,
      `tool ${namespace ? `${namespace}.` : ""}${name}(${JSON.stringify(args)}) ${success ? "ok" : "failed"} in ${durationMs} ms: ${text}`,
    );
  }
  const result = await turn.run();
  println(out, `final response: ${result.finalResponse ?? "(none)"}`);
  return result;
}

if (isMain(import.meta.url)) {
  void runExample("custom-tools", { script: script() }, async ({ codex, cwd }) => {
    return (await main({ codex, cwd })).status === "completed";
  });
}
