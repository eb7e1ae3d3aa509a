/**
 * The shared benchmark environment: one ScriptedModel on 127.0.0.1, one isolated CODEX_HOME pointing at
 * it, and the pinned native codex binary. Every workload (ours and every baseline) uses the same three.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import {
  type CodexHome,
  createCodexHome,
  inputTexts,
  type ModelReply,
  Reply,
  ScriptedModel,
} from "@codexkit/testing";

/** The pinned native `codex` binary (`@openai/codex` → `@openai/codex-linux-x64`) and its PATH helpers dir. */
export interface CodexBinary {
  command: string;
  version: string;
  /** `vendor/<triple>/codex-path` (bundled helpers such as rg), prepended to PATH as the SDK does. */
  pathDir: string | undefined;
}

const TRIPLES: Record<string, string> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

export function resolveNativeCodex(): CodexBinary {
  const require = createRequire(import.meta.url);
  const launcherPkg = require.resolve("@openai/codex/package.json");
  const version = (require(launcherPkg) as { version: string }).version;
  const key = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[key];
  if (!triple) throw new Error(`no native codex binary for ${key}`);
  const platformPkg = createRequire(launcherPkg).resolve(`@openai/codex-${key}/package.json`);
  const vendor = join(dirname(platformPkg), "vendor", triple);
  const command = join(vendor, "bin", "codex");
  if (!existsSync(command)) throw new Error(`native codex binary missing: ${command}`);
  const pathDir = join(vendor, "codex-path");
  return { command, version, pathDir: existsSync(pathDir) ? pathDir : undefined };
}

/** Number of `item/agentMessage/delta` notifications every benchmark turn produces. */
export const DELTAS_PER_TURN = 4;

/** The answer the scripted model gives to `prompt` (streamed in {@link DELTAS_PER_TURN} pieces). */
export function answerFor(prompt: string): string {
  return `ok:${prompt}.`;
}

/** Replies with `ok:<prompt>.` streamed as 4 deltas, so every turn's answer and events are checkable. */
export const echoReply: ModelReply = Reply.dynamic((request) => {
  const prompt = inputTexts(request, "user").at(-1) ?? "";
  return Reply.message(answerFor(prompt), { stream: ["ok", ":", prompt, "."] });
});

export interface BenchEnv {
  readonly model: ScriptedModel;
  readonly home: CodexHome;
  readonly binary: CodexBinary;
  /** Full environment for a spawned codex (process.env + CODEX_HOME, RUST_LOG=warn, managed config off, PATH). */
  readonly spawnEnv: Record<string, string>;
  /** The variables codexkit's `Codex` gets in its `env` option (it merges them over process.env itself). */
  readonly codexEnv: Record<string, string>;
  /** Makes sure at least `turns` more model replies are scripted, and forgets recorded requests. */
  feed(turns: number): void;
  dispose(): Promise<void>;
}

export async function createBenchEnv(): Promise<BenchEnv> {
  const binary = resolveNativeCodex();
  const model = await ScriptedModel.start();
  const home = await createCodexHome({ baseUrl: model.baseUrl, features: { shell_snapshot: false } });
  const codexEnv: Record<string, string> = { RUST_LOG: "warn", ...home.env };
  const spawnEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) spawnEnv[k] = v;
  Object.assign(spawnEnv, codexEnv);
  if (binary.pathDir) spawnEnv.PATH = [binary.pathDir, spawnEnv.PATH ?? ""].join(delimiter);
  return {
    model,
    home,
    binary,
    spawnEnv,
    codexEnv,
    feed(turns) {
      // The model records every request (with the whole prompt history); drop them so long runs stay flat.
      model.requests.length = 0;
      model.allRequests.length = 0;
      model.reviewerRequests.length = 0;
      const missing = turns - model.pendingReplies;
      for (let i = 0; i < missing; i++) model.enqueue(echoReply);
    },
    async dispose() {
      await model.close();
      await home.dispose();
    },
  };
}
