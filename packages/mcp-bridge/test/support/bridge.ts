import { fileURLToPath } from "node:url";
import { commandLine, descendants, waitFor } from "@codexkit/test-support";
import {
  type CodexHome,
  type CodexHomeOptions,
  createCodexHome,
  type ModelReply,
  ScriptedModel,
  scaledTimeout,
} from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  type ClientCapabilities,
  type ElicitRequestFormParams,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { ChildTransport } from "./child-transport.js";

/** The built bin under test. */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** A scripted model and a CODEX_HOME pointing at it, shared by one or more bridge processes. */
export interface Backend {
  model: ScriptedModel;
  home: CodexHome;
}

/** One bridge process with an MCP SDK client connected over stdio. */
export interface BridgeHarness extends Backend {
  client: Client;
  transport: StdioClientTransport;
  /** The bridge's pid. */
  pid: number;
  /** What the bridge wrote to stderr so far. */
  stderr(): string;
  /** Form elicitation requests the client received (the bridge sends no other kind). */
  elicitations: ElicitRequestFormParams[];
  /** The pids of the app-servers the bridge has started (its `codex … app-server` children). */
  appServers(): number[];
  /** Calls a tool and returns the result typed as a CallToolResult. */
  call(
    name: string,
    args: Record<string, unknown>,
    options?: Parameters<Client["callTool"]>[2],
  ): Promise<CallToolResult>;
  /** Closes the client (which ends the bridge) — and the backend too, when this harness created it. */
  close(): Promise<void>;
}

export interface BridgeOptions {
  /** Replies of the scripted model (ignored when `backend` is given). */
  script?: ModelReply[];
  /** CODEX_HOME options (ignored when `backend` is given). */
  home?: Omit<CodexHomeOptions, "baseUrl">;
  /** Reuse a model and CODEX_HOME (e.g. a second bridge over the same threads); the caller disposes it. */
  backend?: Backend;
  /** Extra command-line flags. */
  args?: string[];
  /** Extra environment for the bridge. */
  env?: Record<string, string>;
  /** The bridge's cwd (its default allowed root). Default: the CODEX_HOME's workspace. */
  cwd?: string;
  /** Client capabilities, e.g. `{ elicitation: {} }`. */
  capabilities?: ClientCapabilities;
  /** Answers elicitation requests (needs `capabilities.elicitation`). */
  onElicit?: (params: ElicitRequestFormParams) => ElicitResult | Promise<ElicitResult>;
}

const open = new Set<BridgeHarness>();
const backends = new Set<Backend>();

/** Starts a scripted model and a CODEX_HOME for it; {@link closeAll} disposes it. */
export async function startBackend(
  script: ModelReply[] = [],
  home: Omit<CodexHomeOptions, "baseUrl"> = {},
): Promise<Backend> {
  const model = await ScriptedModel.start({ script });
  const backend = { model, home: await createCodexHome({ ...home, baseUrl: model.baseUrl }) };
  backends.add(backend);
  return backend;
}

/** Spawns the built `codexkit-mcp` with the real MCP SDK client over stdio, against a scripted model. */
export async function startBridge(options: BridgeOptions = {}): Promise<BridgeHarness> {
  const backend = options.backend ?? (await startBackend(options.script, options.home));
  const { home } = backend;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("CODEXKIT_MCP_")) env[key] = value;
  Object.assign(env, home.env, { RUST_LOG: "warn" }, options.env);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...(options.args ?? [])],
    env,
    cwd: options.cwd ?? home.workspace,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client(
    { name: "bridge-test", version: "1.0.0" },
    { capabilities: options.capabilities ?? {} },
  );
  const elicitations: ElicitRequestFormParams[] = [];
  if (options.onElicit) {
    const onElicit = options.onElicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode === "url") throw new Error("the bridge should only send form elicitations");
      elicitations.push(request.params);
      return onElicit(request.params);
    });
  }
  await client.connect(transport);
  const pid = transport.pid!;
  const harness: BridgeHarness = {
    ...backend,
    client,
    transport,
    pid,
    elicitations,
    stderr: () => stderr,
    appServers: () => descendants(pid).filter((child) => / app-server/.test(commandLine(child))),
    call: async (name, args, callOptions) =>
      (await client.callTool({ name, arguments: args }, undefined, {
        timeout: scaledTimeout(60_000),
        ...callOptions,
      })) as CallToolResult,
    close: async () => {
      open.delete(harness);
      await client.close();
      if (!options.backend) await disposeBackend(backend);
    },
  };
  open.add(harness);
  return harness;
}

async function disposeBackend(backend: Backend): Promise<void> {
  backends.delete(backend);
  await backend.model.close();
  await backend.home.dispose();
}

/**
 * Spawns the bin in `--http` mode on an ephemeral 127.0.0.1 port against `backend`, and waits for the URL it
 * prints. The child transport only spawns and watches the process; MCP goes over HTTP.
 */
export async function spawnHttpBridge(
  backend: Backend,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<{ server: ChildTransport; url: string; token: string | undefined }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("CODEXKIT_MCP_")) env[key] = value;
  Object.assign(env, backend.home.env, { RUST_LOG: "warn" }, options.env);
  const server = new ChildTransport(process.execPath, [CLI, "--http", "0", ...(options.args ?? [])], {
    env,
    cwd: backend.home.workspace,
  });
  const url = await waitFor(
    () => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(server.stderr)?.[1],
    "the listening line",
  );
  const token = /bearer token \(shown once[^)]*\): (\S+)/.exec(server.stderr)?.[1];
  return { server, url, token };
}

/** An MCP SDK client connected over streamable HTTP, sending `token` as a bearer token when given. */
export async function connectHttp(url: string, token: string | undefined): Promise<Client> {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** Closes every harness and backend still open (use in `afterEach`). */
export async function closeAll(): Promise<void> {
  for (const harness of [...open]) await harness.close();
  for (const backend of [...backends]) await disposeBackend(backend);
}

/** The structured content of a successful tool result (fails the test with the error text otherwise). */
export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool returned an error: ${textOf(result)}`);
  return result.structuredContent as T;
}

/** The text of a tool result's content. */
export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

/** The last user text of a model request (the prompt of that turn). */
export function lastUserText(request: {
  body?: { input?: Array<{ role?: string; content?: unknown }> };
}): string {
  const texts: string[] = [];
  for (const item of request.body?.input ?? []) {
    if (item.role !== "user" || !Array.isArray(item.content)) continue;
    for (const part of item.content as Array<{ text?: unknown }>)
      if (typeof part.text === "string") texts.push(part.text);
  }
  return texts.at(-1) ?? "";
}
