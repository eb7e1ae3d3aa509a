/**
 * Spawning the fake app-server (`test/fakes/fake-app-server.mjs`) through the public `Codex` facade, and
 * reading what it received on its stdin, so a test can assert what the transport wrote (or that it wrote
 * nothing).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Codex, type CodexOptions, type MalformedMessageError } from "@codexkit/node";
import { scaledTimeout } from "@codexkit/test-support";

/** The fake app-server script (an executable `#!/usr/bin/env node` file). */
export const FAKE_APP_SERVER = fileURLToPath(new URL("../../fakes/fake-app-server.mjs", import.meta.url));

/** A JSON-RPC message as the fake received it. */
export interface ReceivedMessage {
  id?: string | number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A `Codex` whose app-server is the fake, plus what the fake saw. */
export interface FakeCodex extends AsyncDisposable {
  readonly codex: Codex;
  /** A scratch directory (removed on dispose). */
  readonly dir: string;
  /** Every line the fake received on stdin, parsed, in order. */
  received(): ReceivedMessage[];
  /** The argv the fake was started with (after the script path). */
  argv(): string[];
  /** Lines reported through `onMalformedMessage`. */
  readonly malformed: MalformedMessageError[];
  /**
   * Lines the fake received since the last call, after a `model/list` round trip (stdin is ordered, so
   * anything written before it has arrived): the way to assert that a call wrote nothing.
   */
  receivedSinceLastCheck(): Promise<ReceivedMessage[]>;
  dispose(): Promise<void>;
}

/** The JSON lines of `text`, parsed. */
function parseLines(text: string): ReceivedMessage[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as ReceivedMessage);
}

/** The bytes of `file` from `offset` on (none when it does not exist yet). */
function readFrom(file: string, offset: number): Buffer {
  if (!existsSync(file)) return Buffer.alloc(0);
  const fd = openSync(file, "r");
  try {
    const fresh = Buffer.alloc(Math.max(0, fstatSync(fd).size - offset));
    readSync(fd, fresh, 0, fresh.length, offset);
    return fresh;
  } finally {
    closeSync(fd);
  }
}

/** Starts nothing yet: the fake is spawned on the client's first use. */
export async function fakeCodex(
  fakeEnv: Record<string, string> = {},
  options: CodexOptions = {},
): Promise<FakeCodex> {
  const dir = await mkdtemp(join(tmpdir(), "codexkit-reliability-"));
  const record = join(dir, "received.jsonl");
  const argvFile = join(dir, "argv.json");
  const malformed: MalformedMessageError[] = [];
  const codex = new Codex({
    codexPath: FAKE_APP_SERVER,
    startupTimeoutMs: scaledTimeout(10_000),
    closeTimeouts: { graceMs: 500, termMs: 500 },
    onMalformedMessage: (error) => malformed.push(error),
    ...options,
    env: { FAKE_RECORD: record, FAKE_ARGV_FILE: argvFile, ...fakeEnv, ...options.env },
  });
  const received = (): ReceivedMessage[] =>
    parseLines(existsSync(record) ? readFileSync(record, "utf8") : "");
  /** Bytes of the record already returned by receivedSinceLastCheck (each check reads only what is new). */
  let checked = 0;
  const dispose = async () => {
    await codex.close();
    await rm(dir, { recursive: true, force: true });
  };
  return {
    codex,
    dir,
    malformed,
    received,
    argv: () => JSON.parse(readFileSync(argvFile, "utf8")) as string[],
    async receivedSinceLastCheck() {
      await codex.models();
      const fresh = readFrom(record, checked);
      checked += fresh.length;
      return parseLines(fresh.toString("utf8")).slice(0, -1); // the last one is this check's model/list
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
