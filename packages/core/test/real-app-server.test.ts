import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codexCommand } from "@codexkit/test-support";
import { afterEach, describe, expect, it } from "vitest";
import {
  AppServerConnection,
  type ClientMethod,
  GENERATED_FROM_CODEX_VERSION,
  JsonlTransport,
  type MalformedMessageError,
  MethodNotFoundError,
} from "../src/index.js";
import { ChildStream } from "./support/child-stream.js";

const PINNED_VERSION = "0.171.0";

const CONFIG_TOML = `model = "mock-model"
model_provider = "mock"
approval_policy = "never"
sandbox_mode = "read-only"

[model_providers.mock]
name = "mock"
base_url = "http://127.0.0.1:9/v1"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
`;

let child: ChildProcessWithoutNullStreams | undefined;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
let tempDir: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
  child = undefined;
  exited = undefined;
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
  tempDir = undefined;
});

describe("the real pinned codex app-server", () => {
  it("handshakes, starts a thread, lists models, maps an unknown method, and exits on stdin close", async () => {
    expect(GENERATED_FROM_CODEX_VERSION).toBe(PINNED_VERSION);
    tempDir = await mkdtemp(join(tmpdir(), "codexkit-core-e2e-"));
    const codexHome = join(tempDir, "codex-home");
    const workspace = join(tempDir, "workspace");
    await mkdir(codexHome);
    await mkdir(workspace);
    await writeFile(join(codexHome, "config.toml"), CONFIG_TOML);

    const { command, args } = codexCommand();
    const spawned = spawn(command, [...args, "app-server"], {
      cwd: workspace,
      env: {
        ...process.env,
        CODEX_HOME: codexHome,
        RUST_LOG: "warn",
        CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child = spawned;
    exited = new Promise((resolve) => spawned.once("exit", (code, signal) => resolve({ code, signal })));

    const stream = new ChildStream(spawned);
    const malformed: MalformedMessageError[] = [];
    const connection = new AppServerConnection(new JsonlTransport(stream), {
      clientInfo: { name: "codexkit-core-test", version: "0.1.0" },
      onMalformedMessage: (error) => malformed.push(error),
    });

    const metadata = await connection.initialize();
    expect(metadata.userAgent).toContain(PINNED_VERSION);
    expect(metadata.userAgent).toContain("codexkit-core-test");
    expect(metadata.codexHome).toBe(codexHome);
    expect(connection.metadata).toBe(metadata);

    const { thread } = await connection.request("thread/start", {});
    expect(typeof thread.id).toBe("string");
    expect(thread.id.length).toBeGreaterThan(0);
    expect(thread.modelProvider).toBe("mock");

    const models = await connection.request("model/list", { limit: 2 });
    expect(models.data).toHaveLength(2);
    for (const model of models.data) expect(typeof model.id).toBe("string");

    const unknown = await connection.request("no/such/method" as ClientMethod, {} as never).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(unknown).toBeInstanceOf(MethodNotFoundError);
    expect((unknown as MethodNotFoundError).method).toBe("no/such/method");
    expect((unknown as MethodNotFoundError).rpcCode).toBe(-32600);

    await connection.close();
    const exit = await exited;
    expect(exit, `stderr:\n${stream.stderr}`).toEqual({ code: 0, signal: null });
    expect(malformed).toEqual([]);
  });
});
