/** The arms of the throughput workload: one client (own app-server) per setup, and how a segment is run. */
import { execFileSync } from "node:child_process";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { ApprovalMode, Codex, type CodexOptions, Sandbox } from "@codexkit/node";
import { type CodexHome, createCodexHome } from "@codexkit/testing";
import { answerFor, type BenchEnv } from "../env.js";
import { processCpuMs, settledProcessCpuMs } from "../proc-cpu.js";
import { now } from "../stats.js";

/** One setup under test, with its samples (one per measured round). */
export interface Arm {
  id: "default" | "ephemeralOnly" | "snapshotsOffOnly" | "lean" | "leanGitCwd";
  label: string;
  codex: Codex;
  cwd: string;
  /** `ephemeral` passed to `threadStart` (undefined: the client's default). */
  ephemeral: boolean | undefined;
  /** App-server CPU ms when this arm's last segment ended (what accrues after it is counted next time). */
  mark: number;
  serverMs: number[];
  clientMs: number[];
  wallMs: number[];
  /** `thread.info.ephemeral` of every thread it started. */
  ephemeralSeen: Set<boolean>;
  /** Ids of the threads it started. */
  threadIds: string[];
}

/** The homes and arms of one run: `defaults` keeps codex's defaults, `lean` gets the preset's clients. */
export interface Arms {
  defaultsHome: CodexHome;
  leanHome: CodexHome;
  arms: Arm[];
  dispose(): Promise<void>;
}

/**
 * A CODEX_HOME with codex's defaults (only `plugins = false`, the testing default: no network sync).
 * `hermetic: false` keeps codex's default config: login shells and shell snapshots. `HOME` (and `ZDOTDIR`)
 * still point at an empty directory of the bench's own, so the figures and the snapshot check do not depend
 * on this machine's shell profile (a version manager's rc file, or its stale lock, can make every login
 * shell take seconds and every snapshot time out). The profile's own cost is the login-shell workload's.
 */
async function homeWithDefaults(env: BenchEnv): Promise<CodexHome> {
  const home = await createCodexHome({ baseUrl: env.model.baseUrl, hermetic: false });
  const userHome = join(home.root, "user-home");
  await mkdir(userHome);
  return { ...home, userHome, env: { ...home.env, HOME: userHome, ZDOTDIR: userHome } };
}

function client(env: BenchEnv, home: CodexHome, extra: CodexOptions = {}): Codex {
  return new Codex({
    codexPath: env.binary.command,
    codexHome: home.path,
    cwd: home.workspace,
    env: { RUST_LOG: "warn", ...home.env, PATH: env.spawnEnv.PATH ?? "" },
    ...extra,
  });
}

async function gitRepo(dir: string): Promise<string> {
  await mkdir(dir);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q");
  git(
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@localhost",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "init",
  );
  return dir;
}

export async function createArms(env: BenchEnv): Promise<Arms> {
  const defaultsHome = await homeWithDefaults(env);
  const leanHome = await homeWithDefaults(env);
  const repo = await gitRepo(join(leanHome.root, "repo"));
  const lean = { preset: "throughput" } as const;
  const arm = (id: Arm["id"], label: string, codex: Codex, cwd: string, ephemeral?: boolean): Arm => ({
    id,
    label,
    codex,
    cwd,
    ephemeral,
    mark: 0,
    serverMs: [],
    clientMs: [],
    wallMs: [],
    ephemeralSeen: new Set(),
    threadIds: [],
  });
  const arms = [
    arm("default", "codex defaults", client(env, defaultsHome), defaultsHome.workspace),
    arm("ephemeralOnly", "ephemeral only", client(env, defaultsHome), defaultsHome.workspace, true),
    arm(
      "snapshotsOffOnly",
      "shell snapshots off only",
      client(env, leanHome, lean),
      leanHome.workspace,
      false,
    ),
    arm("lean", 'preset "throughput"', client(env, leanHome, lean), leanHome.workspace),
    arm("leanGitCwd", 'preset "throughput", cwd in a git repo', client(env, leanHome, lean), repo),
  ];
  return {
    defaultsHome,
    leanHome,
    arms,
    async dispose() {
      await Promise.all(arms.map((a) => a.codex.close()));
      await defaultsHome.dispose();
      await leanHome.dispose();
    },
  };
}

/**
 * Runs `threads` new threads × `turns` sequential turns on `arm` and returns the problems seen; records
 * the segment's app-server CPU (plus whatever accrued since the arm's previous segment), this process's
 * CPU and the wall time when `record`.
 */
export async function runSegment(
  arm: Arm,
  shape: { threads: number; turns: number; tag: string; record: boolean },
): Promise<string[]> {
  const pid = arm.codex.pid as number;
  const problems: string[] = [];
  const start = processCpuMs(pid);
  const carried = start - arm.mark; // e.g. a snapshot shell of the previous segment reaped late
  const c0 = process.cpuUsage();
  const t0 = now();
  for (let t = 0; t < shape.threads; t++) {
    const thread = await arm.codex.threadStart({
      cwd: arm.cwd,
      approvalMode: ApprovalMode.denyAll,
      sandbox: Sandbox.readOnly,
      ...(arm.ephemeral === undefined ? {} : { ephemeral: arm.ephemeral }),
    });
    arm.ephemeralSeen.add(thread.info?.ephemeral === true);
    arm.threadIds.push(thread.id);
    for (let i = 0; i < shape.turns; i++) {
      const prompt = `tp ${arm.id} ${shape.tag} t${t} ${i}`;
      const result = await thread.run(prompt);
      if (result.status !== "completed" || result.finalResponse !== answerFor(prompt))
        problems.push(`${arm.id} ${prompt}: ${result.status} ${JSON.stringify(result.finalResponse)}`);
    }
  }
  const wall = now() - t0;
  const c = process.cpuUsage(c0);
  // Let this segment's background work (shell snapshots) finish, so it is counted here.
  const end = await settledProcessCpuMs(pid);
  arm.mark = end;
  if (shape.record) {
    arm.serverMs.push(end - start + carried);
    arm.clientMs.push((c.user + c.system) / 1000);
    arm.wallMs.push(wall);
  }
  return problems;
}

/** Where codex writes shell snapshots: one file per loaded thread while the feature is on. */
export async function snapshotCount(home: CodexHome): Promise<number> {
  return (await readdir(join(home.path, "shell_snapshots")).catch(() => [])).length;
}
