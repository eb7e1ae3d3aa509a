import {
  type CallToolResult,
  Client,
  type ElicitRequestFormParams,
  type ElicitResult,
  type JSONRPCMessage,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { type Backend, CLI } from "./bridge.js";

/** Protocol revision 2026-07-28, pinned: no fallback to `initialize`. */
export const MODERN = "2026-07-28";

/** Options of the MCP SDK v2 clients below. */
export interface ModernClientOptions {
  /** How the client negotiates: pinned to 2026-07-28 (default), or `auto` (probe, fall back to 2025). */
  negotiation?: "pin" | "auto";
  /** Answers form elicitations (declares the `elicitation.form` capability). */
  onElicit?: (params: ElicitRequestFormParams) => ElicitResult | Promise<ElicitResult>;
}

/** A v2 SDK client, the messages it received, and the elicitations it answered. */
export interface ModernClient {
  client: Client;
  /** Every message the server sent (progress notifications, results, …), in order. */
  received: JSONRPCMessage[];
  /** The form elicitations the client was asked (in `input_required` results). */
  elicitations: ElicitRequestFormParams[];
  /** Calls a tool. */
  call(
    name: string,
    args: Record<string, unknown>,
    options?: Parameters<Client["callTool"]>[1],
  ): Promise<CallToolResult>;
  /** `notifications/progress` the server sent: `progress` and `message`, in order. */
  progress(): Array<{ progress: number; message: string }>;
}

function modernClient(options: ModernClientOptions): {
  client: Client;
  elicitations: ElicitRequestFormParams[];
} {
  const client = new Client(
    { name: "bridge-test-2026", version: "1.0.0" },
    {
      capabilities: options.onElicit ? { elicitation: { form: {} } } : {},
      versionNegotiation: { mode: options.negotiation === "auto" ? "auto" : { pin: MODERN } },
    },
  );
  const elicitations: ElicitRequestFormParams[] = [];
  const onElicit = options.onElicit;
  if (onElicit)
    client.setRequestHandler("elicitation/create", async (request) => {
      if (request.params.mode === "url") throw new Error("the bridge should only ask form elicitations");
      elicitations.push(request.params as ElicitRequestFormParams);
      return onElicit(request.params as ElicitRequestFormParams);
    });
  return { client, elicitations };
}

function observe(
  client: Client,
  transport: { onmessage?: ((message: JSONRPCMessage, extra?: never) => void) | undefined },
  elicitations: ElicitRequestFormParams[],
): ModernClient {
  const received: JSONRPCMessage[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    received.push(message);
    deliver?.(message, extra);
  };
  return {
    client,
    received,
    elicitations,
    call: async (name, args, callOptions) =>
      (await client.callTool({ name, arguments: args }, callOptions)) as CallToolResult,
    progress: () =>
      received.flatMap((message) =>
        "method" in message && message.method === "notifications/progress"
          ? [message.params as { progress: number; message: string }]
          : [],
      ),
  };
}

/** Spawns the built `codexkit-mcp` over stdio with a v2 SDK client (2026-07-28 by default) against `backend`. */
export async function connectModernStdio(
  backend: Backend,
  options: ModernClientOptions & { args?: string[] } = {},
): Promise<ModernClient & { transport: StdioClientTransport; stderr(): string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("CODEXKIT_MCP_")) env[key] = value;
  Object.assign(env, backend.home.env, { RUST_LOG: "warn" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...(options.args ?? [])],
    env,
    cwd: backend.home.workspace,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const { client, elicitations } = modernClient(options);
  await client.connect(transport);
  return { ...observe(client, transport, elicitations), transport, stderr: () => stderr };
}

/** A v2 SDK client (2026-07-28 by default) over streamable HTTP, sending `token` as a bearer token when given. */
export async function connectModernHttp(
  url: string,
  token: string | undefined,
  options: ModernClientOptions = {},
): Promise<ModernClient> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const { client, elicitations } = modernClient(options);
  await client.connect(transport);
  return observe(client, transport, elicitations);
}

/** The structured content of a successful v2 tool result (fails the test with the error text otherwise). */
export function structuredOf<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError)
    throw new Error(
      `tool returned an error: ${result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n")}`,
    );
  return result.structuredContent as T;
}
