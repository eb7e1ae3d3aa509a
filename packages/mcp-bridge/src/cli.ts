#!/usr/bin/env node
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CodexBridge } from "./bridge.js";
import { parseCommandLine, USAGE } from "./cli-options.js";
import { ConfigurationError } from "./errors.js";
import { createStderrLogger } from "./logger.js";
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

  const logger = createStderrLogger(command.logLevel);
  let bridge: CodexBridge;
  try {
    bridge = new CodexBridge({ ...command.bridge, logger });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`codexkit-mcp: ${error.message}\n`);
    process.exit(2);
  }
  const { policy } = bridge;
  logger.info(
    `codexkit-mcp ${VERSION}: sandbox ceiling ${policy.sandbox}, approval ceiling ${policy.approvalPolicy}, ` +
      `allowed roots ${policy.roots.join(", ")}`,
  );

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
  const server = createBridgeServer(bridge);
  closeTransport = () => server.close();
  // A line that is not JSON-RPC is reported and skipped. One over the transport's size limit makes the SDK
  // close the transport: then nothing would be served again, so shut down rather than linger.
  server.server.onerror = (error) => logger.warn(`MCP message refused: ${error.message.slice(0, 300)}`);
  server.server.onclose = () => shutdown("the MCP transport closed");
  await server.connect(new StdioServerTransport());
  process.stdin.once("end", () => shutdown("stdin closed"));
  process.stdin.once("close", () => shutdown("stdin closed"));
}

main().catch((error: unknown) => {
  process.stderr.write(`codexkit-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
