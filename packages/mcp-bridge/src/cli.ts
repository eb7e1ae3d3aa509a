#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { StdioServerTransport, serveStdio } from "@modelcontextprotocol/server/stdio";
import { CodexBridge } from "./bridge.js";
import type { CodexBridgeOptions } from "./bridge-options.js";
import { parseCommandLine, USAGE } from "./cli-options.js";
import { ConfigurationError } from "./errors.js";
import { hostConfigNotes, hostServerConfig, mcpServersJson } from "./host-config.js";
import { createStderrLogger } from "./logger.js";
import type { OperatorPolicyOptions } from "./policy.js";
import type { ScriptedBackend } from "./scripted.js";
import { createBridgeServer } from "./server.js";
import { VERSION } from "./version.js";

/** How long shutdown may take before the process exits anyway, in ms. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCommandLine>;
  try {
    command = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`codexkit-mcp: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (command.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === "version") {
    process.stdout.write(`${VERSION}\n`);
    return;
  }

  if (command.kind === "print-config") {
    // This installation's bin, run by this node: works before the package is on a registry.
    const bin = fileURLToPath(new URL("../bin/codexkit-mcp.js", import.meta.url));
    const config = hostServerConfig(process.execPath, bin, command.args, command.scripted, process.env);
    process.stdout.write(`${mcpServersJson(config)}\n`);
    process.stderr.write(hostConfigNotes(config));
    return;
  }

  const logger = createStderrLogger(command.logLevel);
  let scripted: ScriptedBackend | undefined;
  if (command.scripted) {
    const { startScriptedBackend } = await import("./scripted.js"); // only scripted mode pays for it
    scripted = await startScriptedBackend();
  }
  let bridge: CodexBridge;
  try {
    bridge = new CodexBridge({
      ...(scripted ? onScripted(command.bridge, scripted) : command.bridge),
      logger,
    });
  } catch (error) {
    await scripted?.close();
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`codexkit-mcp: ${error.message}\n`);
    process.exit(2);
  }
  const { policy, codexHome } = bridge;
  logger.info(
    `codexkit-mcp ${VERSION}: sandbox ceiling ${policy.sandbox}, approval ceiling ${policy.approvalPolicy}, ` +
      `allowed roots ${policy.roots.join(", ")}`,
  );
  if (scripted)
    logger.info(
      `scripted mode: an offline model at ${scripted.baseUrl} answers, with a temporary CODEX_HOME ` +
        `${scripted.codexHome} (deleted on exit); no OpenAI account and no network are used`,
    );
  else logger.info(`CODEX_HOME ${codexHome.path} (${HOME_SOURCES[codexHome.source]})`);

  let closeTransport: () => Promise<void> = async () => {};
  let stopping = false;
  const shutdown = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`shutting down (${reason})`);
    setTimeout(() => {
      logger.warn("shutdown took too long; exiting");
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    void (async () => {
      await bridge.close();
      await closeTransport().catch(() => {});
      await scripted?.close();
      process.exit(0);
    })();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.on("unhandledRejection", (reason) => logger.error(`unhandled rejection: ${String(reason)}`));
  // A client that went away must not crash us while late results are written.
  process.stdout.on("error", () => shutdown("stdout closed"));

  if (command.httpPort !== undefined) {
    const { listenHttp } = await import("./http.js"); // only HTTP mode pays for its imports
    const { readTokens } = await import("./http-auth.js");
    const { httpAuth } = command;
    let tokens: string[] | undefined;
    try {
      tokens =
        httpAuth.kind === "file" || httpAuth.kind === "env" ? readTokens(httpAuth, process.env) : undefined;
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      process.stderr.write(`codexkit-mcp: ${error.message}\n`);
      process.exit(2);
    }
    const insecureNoAuth = httpAuth.kind === "none";
    const listener = await listenHttp(bridge, command.httpPort, {
      insecureNoAuth,
      ...(tokens ? { tokens } : {}),
    });
    closeTransport = () => listener.close();
    if (insecureNoAuth)
      process.stderr.write(
        "codexkit-mcp: WARNING: --http-insecure-no-auth: the HTTP endpoint has NO authentication. Any process on " +
          "this machine that can reach 127.0.0.1 can run Codex with your credentials and this ceiling.\n",
      );
    // Written once, outside the logger (which never sees it), so the operator can hand it to the client.
    if (listener.generatedToken)
      process.stderr.write(
        `codexkit-mcp: bearer token (shown once; send "Authorization: Bearer <token>"): ${listener.generatedToken}\n`,
      );
    logger.info(
      `listening on ${listener.url}${insecureNoAuth ? " (no authentication)" : " (bearer token required)"}`,
    );
    return;
  }
  // Registered before the transport's own listeners (added when it starts), so the log names the cause.
  process.stdin.once("end", () => shutdown("stdin closed"));
  process.stdin.once("close", () => shutdown("stdin closed"));
  // One connection, served in the era the client opens with: 2026-07-28 (`server/discover`, per-request
  // envelope) or 2025 (`initialize`). A line that is not JSON-RPC is reported and skipped. One over the
  // transport's size limit makes it close: then nothing would be served again, so shut down rather than linger.
  const wire = new StdioServerTransport();
  const connection = serveStdio(({ era }) => createBridgeServer(bridge, { era }), {
    transport: wire,
    onerror: (error) => logger.warn(`MCP message refused: ${error.message.slice(0, 300)}`),
  });
  closeTransport = () => connection.close();
  const closeConnection = wire.onclose;
  wire.onclose = () => {
    closeConnection?.();
    shutdown("the MCP transport closed");
  };
}

const HOME_SOURCES = {
  option: "from the options",
  env: "from the environment",
  default: "the default: CODEX_HOME is not set",
} as const;

/** The bridge options of scripted mode: codex uses the scripted home; the default root is its workspace. */
function onScripted(options: CodexBridgeOptions, backend: ScriptedBackend): CodexBridgeOptions {
  const policy = (options.policy ?? {}) as OperatorPolicyOptions;
  return {
    ...options,
    codexOptions: { ...options.codexOptions, ...backend.codexOptions },
    policy: { ...policy, allowedRoots: policy.allowedRoots ?? [backend.workspace] },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`codexkit-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
