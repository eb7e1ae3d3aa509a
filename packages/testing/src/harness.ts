import { Codex, type CodexOptions } from "@codexkit/node";
import { type AppServerListener, startAppServerListener } from "./app-server-listener.js";
import { type CodexHome, type CodexHomeOptions, createCodexHome } from "./codex-home.js";
import type { ModelReply } from "./model-reply.js";
import type { ReviewerPolicy } from "./reviewer.js";
import { ScriptedModel } from "./scripted-model.js";

/** Options of {@link createTestCodex}. */
export interface TestCodexOptions {
  /** Replies the scripted model serves, in order (more can be added with `model.enqueue`). */
  script?: ModelReply[];
  /** How the scripted model answers auto-review (reviewer) requests. */
  reviewer?: ReviewerPolicy;
  /**
   * Options of the isolated CODEX_HOME (its `baseUrl` is filled in). Hermetic unless `hermetic: false`
   * (see {@link CodexHomeOptions.hermetic}): commands start no login shell and read none of your shell files.
   */
  home?: Omit<CodexHomeOptions, "baseUrl">;
  /**
   * Make codex export its own spans to this OTLP/HTTP endpoint (a `startOtlpReceiver()` fits): the
   * same as `home.otel`. Codex flushes them when it shuts down (`codex.close()`).
   */
  otel?: {
    /** The OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces` (an `OtlpReceiver`'s `endpoint`). */
    readonly endpoint: string;
  };
  /**
   * Options of the `Codex` client (its `codexHome`, `cwd` and `env` are filled in; yours are merged, and
   * your `env` wins over the home's, e.g. over the hermetic `HOME`).
   */
  codex?: CodexOptions;
  /**
   * How the client reaches the app-server: `stdio` (default: `Codex` spawns it), `websocket` (a listening
   * server on `ws://127.0.0.1:0` with a capability token, see {@link startAppServerListener}) or `unix`
   * (a listening server on a unix socket). With a listener, `codex.env` and `codex.cwd` go to the server.
   */
  transport?: "stdio" | "websocket" | "unix";
}

/** A started `Codex` wired to a {@link ScriptedModel} in an isolated CODEX_HOME. */
export interface TestCodex extends AsyncDisposable {
  /** The started client. */
  readonly codex: Codex;
  /** The scripted model it talks to: enqueue replies, read what it was sent. */
  readonly model: ScriptedModel;
  /** The isolated CODEX_HOME. */
  readonly home: CodexHome;
  /** A scratch directory to use as a thread `cwd`. */
  readonly workspace: string;
  /** The listening app-server, with `transport: "websocket"` or `"unix"`. */
  readonly server: AppServerListener | undefined;
  /** Closes the client, the model and removes the home. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * One call to a real `codex app-server`, offline: starts a {@link ScriptedModel}, writes an isolated,
 * hermetic CODEX_HOME pointing at it, and starts a `Codex` client. Everything is cleaned up on dispose.
 *
 * @example
 * ```ts
 * await using t = await createTestCodex({ script: [Reply.message("hello")] });
 * const thread = await t.codex.threadStart({ cwd: t.workspace });
 * expect((await thread.run("hi")).finalResponse).toBe("hello");
 * ```
 */
export async function createTestCodex(options: TestCodexOptions = {}): Promise<TestCodex> {
  const model = await ScriptedModel.start({
    ...(options.script ? { script: options.script } : {}),
    ...(options.reviewer ? { reviewer: options.reviewer } : {}),
  });
  let home: CodexHome | undefined;
  let codex: Codex | undefined;
  let server: AppServerListener | undefined;
  try {
    home = await createCodexHome({
      ...options.home,
      ...(options.otel ? { otel: options.otel } : {}),
      baseUrl: model.baseUrl,
    });
    const transport = options.transport ?? "stdio";
    if (transport === "stdio") {
      codex = new Codex({
        ...options.codex,
        codexHome: home.path,
        cwd: options.codex?.cwd ?? home.workspace,
        env: { RUST_LOG: "warn", ...home.env, ...options.codex?.env },
      });
    } else {
      const { env, cwd, ...clientOptions } = options.codex ?? {};
      const serverEnv = Object.fromEntries(
        Object.entries(env ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      server = await startAppServerListener({
        home,
        listen: transport,
        env: serverEnv,
        cwd: cwd ?? home.workspace,
      });
      codex = new Codex({
        ...clientOptions,
        url: server.url,
        ...(server.token ? { token: server.token } : {}),
      });
    }
    await codex.start();
  } catch (error) {
    await codex?.close();
    await server?.close();
    await home?.dispose();
    await model.close();
    throw error;
  }
  let disposed: Promise<void> | undefined;
  const dispose = () => {
    disposed ??= (async () => {
      await codex.close();
      await server?.close();
      await model.close();
      await home.dispose();
    })();
    return disposed;
  };
  return { codex, model, home, workspace: home.workspace, server, dispose, [Symbol.asyncDispose]: dispose };
}
