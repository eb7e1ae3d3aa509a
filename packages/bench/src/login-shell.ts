/**
 * What one command costs with a heavy shell profile: codex's defaults vs the `"throughput"` preset (before
 * and after it turned login shells off), and the preset with an empty HOME as the floor. Every command codex
 * runs is `bash -lc` by default, so the caller's profile (`/etc/profile`, `~/.profile` → `~/.bashrc`) runs
 * for each one; this measures what that costs the app-server and the turn.
 *
 * Each arm is its own app-server and CODEX_HOME, all answering from one scripted model. A segment is one new
 * thread with `turns` turns that each run one command (`echo hi`) and then answer; rounds interleave the
 * arms in a rotating order. App-server CPU = utime+stime+cutime+cstime of its pid (reaped children — the
 * shells — included), per turn; wall = `thread.run()` per turn. The profile is built here, so the run is
 * reproducible: `~/.profile` sources `~/.bashrc`, which burns ≈0.35 s of CPU (a shell loop and 10 forks),
 * about what `pyenv init` costs.
 *
 * Run: `pnpm --filter @codexkit/bench exec tsx src/login-shell.ts [--rounds=6] [--turns=3] [--out=FILE]`
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApprovalMode, Codex, type CodexOptions, Sandbox } from "@codexkit/node";
import { type CodexHome, createCodexHome, Reply, ScriptedModel } from "@codexkit/testing";
import { resolveNativeCodex } from "./env.js";
import { canReadProcessCpu, processCpuMs, settledProcessCpuMs } from "./proc-cpu.js";
import { now, summarize } from "./stats.js";

const HEAVY_PROFILE = `if [ -n "$BASH" ] && [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\n`;
const HEAVY_BASHRC = [
  'export PATH="$HOME/profile-bin:$PATH"',
  "i=0; while [ $i -lt 80000 ]; do i=$((i+1)); done",
  "for n in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done",
  "",
].join("\n");

interface Arm {
  id: string;
  label: string;
  codex: Codex;
  home: CodexHome;
  ephemeral: boolean | undefined;
  cpuPerTurnMs: number[];
  wallPerTurnMs: number[];
  commands: Set<string>;
}

function arg(name: string, fallback: number): number {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

async function main(): Promise<void> {
  const rounds = arg("rounds", 6);
  const turns = arg("turns", 3);
  const out = process.argv.find((a) => a.startsWith("--out="))?.slice(6);
  const binary = resolveNativeCodex();
  const heavyHome = await mkdtemp(join(tmpdir(), "codexkit-heavy-home-"));
  const emptyHome = await mkdtemp(join(tmpdir(), "codexkit-empty-home-"));
  await writeFile(join(heavyHome, ".profile"), HEAVY_PROFILE);
  await writeFile(join(heavyHome, ".bashrc"), HEAVY_BASHRC);
  const model = await ScriptedModel.start();

  const arms: Arm[] = [];
  const arm = async (
    id: string,
    label: string,
    options: CodexOptions,
    home: string,
    ephemeral?: boolean,
  ): Promise<void> => {
    const codexHome = await createCodexHome({ baseUrl: model.baseUrl });
    const codex = new Codex({
      codexPath: binary.command,
      codexHome: codexHome.path,
      cwd: codexHome.workspace,
      ...options,
      env: { RUST_LOG: "warn", ...codexHome.env, HOME: home, ...options.env },
    });
    await codex.start();
    arms.push({
      id,
      label,
      codex,
      home: codexHome,
      ephemeral,
      cpuPerTurnMs: [],
      wallPerTurnMs: [],
      commands: new Set(),
    });
  };
  await arm("defaults", "codex defaults", {}, heavyHome);
  await arm(
    "presetBefore",
    'preset "throughput" before (ephemeral, snapshots off)',
    { config: { "features.shell_snapshot": false } },
    heavyHome,
    true,
  );
  await arm("preset", 'preset "throughput" (+ no login shell)', { preset: "throughput" }, heavyHome);
  await arm("presetEmptyHome", 'preset "throughput", empty HOME', { preset: "throughput" }, emptyHome);
  for (const a of arms) {
    if (!canReadProcessCpu(a.codex.pid)) throw new Error("needs /proc/<pid>/stat (Linux)");
  }

  const segment = async (a: Arm, record: boolean): Promise<void> => {
    const pid = a.codex.pid as number;
    const cpu0 = processCpuMs(pid);
    const thread = await a.codex.threadStart({
      cwd: a.home.workspace,
      approvalMode: ApprovalMode.denyAll,
      sandbox: Sandbox.readOnly,
      ...(a.ephemeral === undefined ? {} : { ephemeral: a.ephemeral }),
    });
    const walls: number[] = [];
    for (let i = 0; i < turns; i++) {
      model.enqueue(Reply.execCommand("echo hi"));
      model.enqueue(Reply.message("done"));
      const t0 = now();
      const result = await thread.run(`run it ${i}`);
      walls.push(now() - t0);
      const command = result.items.find((item) => item.type === "commandExecution");
      if (result.finalResponse !== "done" || command?.type !== "commandExecution" || command.exitCode !== 0)
        throw new Error(`${a.id}: the command turn did not complete: ${JSON.stringify(command)}`);
      a.commands.add(command.command.replace(/'.*$/, "…"));
    }
    const cpu = (await settledProcessCpuMs(pid)) - cpu0;
    model.requests.length = 0;
    model.allRequests.length = 0;
    if (!record) return;
    a.cpuPerTurnMs.push(cpu / turns);
    a.wallPerTurnMs.push(...walls);
  };

  try {
    for (const a of arms) await segment(a, false); // warm-up
    for (let round = 0; round < rounds; round++) {
      const order = arms.map((_, i) => arms[(i + round) % arms.length] as Arm);
      for (const a of order) await segment(a, true);
      process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
  } finally {
    await Promise.all(arms.map((a) => a.codex.close()));
    await Promise.all(arms.map((a) => a.home.dispose()));
    await model.close();
    await rm(heavyHome, { recursive: true, force: true });
    await rm(emptyHome, { recursive: true, force: true });
  }

  const defaults = summarize(arms[0]?.cpuPerTurnMs ?? []).median;
  const fmt = (n: number) => n.toFixed(0);
  console.log(
    `codex ${binary.version}, ${rounds} rounds × ${turns} command turns per arm (new thread each round)`,
  );
  console.log(
    "| arm | command | app-server CPU/turn, median (p10–p90) | wall/turn, median (p10–p90) | CPU vs defaults |",
  );
  console.log("|---|---|---|---|---|");
  const results = arms.map((a) => {
    const cpu = summarize(a.cpuPerTurnMs);
    const wall = summarize(a.wallPerTurnMs);
    console.log(
      `| ${a.label} | \`${[...a.commands].join(", ")}\` | ${fmt(cpu.median)} ms (${fmt(cpu.p10)}–${fmt(cpu.p90)}) | ${fmt(wall.median)} ms (${fmt(wall.p10)}–${fmt(wall.p90)}) | ${(cpu.median / defaults).toFixed(2)}× |`,
    );
    return { id: a.id, label: a.label, commands: [...a.commands], cpu, wall, cpuSamples: a.cpuPerTurnMs };
  });
  if (out) {
    await writeFile(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), codex: binary.version, rounds, turns, results }, null, 2)}\n`,
    );
  }
}

await main();
