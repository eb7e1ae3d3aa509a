/**
 * Workload 8: app-server CPU per turn — codex's defaults vs the `"throughput"` preset of @codexkit/node
 * (threads ephemeral + shell snapshots off), each lever alone, and the extra cost of a cwd in a git repo.
 *
 * Five clients, each with its own app-server, run the same threads and turns, arm after arm in every round
 * (the order rotates). The robust figure is CPU time of the app-server (from /proc/<pid>/stat, its reaped
 * children included), not wall time: the machine is shared, and waiting for a core inflates wall time only.
 */
import { canReadProcessCpu, settledProcessCpuMs } from "../proc-cpu.js";
import { now, pairedRatios, type Summary, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";
import { type Arm, createArms, runSegment, snapshotCount } from "./throughput-arms.js";

async function waitUntil(condition: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = now() + ms;
  while (now() < deadline && !(await condition())) await new Promise((resolve) => setTimeout(resolve, 100));
}

export const throughput: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 6;
  const warmup = quick ? 0 : 1;
  const threads = quick ? 1 : 3;
  const turns = quick ? 3 : 10;
  const { arms, defaultsHome, leanHome, dispose } = await createArms(env);
  const byId = (id: Arm["id"]) => arms.find((a) => a.id === id) as Arm;
  const problems: string[] = [];
  let listing = { persistedListed: 0, persisted: -1, ephemeralListed: -1 };
  let snapshots = { defaults: 0, lean: 0 };
  try {
    await Promise.all(arms.map((a) => a.codex.start()));
    if (!arms.every((a) => canReadProcessCpu(a.codex.pid))) {
      return {
        id: "throughput",
        title: "8. Throughput preset: app-server CPU per turn",
        status: "pending",
        targets: [],
        checks: [],
        notes: ["needs /proc/<pid>/stat (Linux) to read the app-server's CPU time"],
      };
    }
    for (const a of arms) a.mark = await settledProcessCpuMs(a.codex.pid as number);
    for (let round = 0; round < rounds + warmup; round++) {
      for (let k = 0; k < arms.length; k++) {
        const arm = arms[(k + round) % arms.length] as Arm;
        env.feed(threads * turns);
        problems.push(
          ...(await runSegment(arm, { threads, turns, tag: `r${round}`, record: round >= warmup })),
        );
      }
    }
    // codex takes a thread's shell snapshot in the background. Quick mode waits for one to check it exists;
    // then what each app-server used after its last segment (settled) is counted in that segment.
    if (quick) await waitUntil(async () => (await snapshotCount(defaultsHome)) > 0, 15_000);
    for (const arm of arms) {
      const late = (await settledProcessCpuMs(arm.codex.pid as number, 500, 10_000)) - arm.mark;
      const last = arm.serverMs.length - 1;
      if (last >= 0) arm.serverMs[last] = (arm.serverMs[last] as number) + late;
    }
    // (counted while the servers run: codex deletes a thread's snapshot when it shuts the thread down)
    snapshots = { defaults: await snapshotCount(defaultsHome), lean: await snapshotCount(leanHome) };
    // threadList on the preset's home: the persisted threads of "snapshots off only", none of the ephemeral ones
    const listed = new Set((await byId("lean").codex.threadList({ limit: 200 })).data.map((t) => t.id));
    listing = {
      persistedListed: byId("snapshotsOffOnly").threadIds.filter((id) => listed.has(id)).length,
      persisted: byId("snapshotsOffOnly").threadIds.length,
      ephemeralListed: [...byId("lean").threadIds, ...byId("leanGitCwd").threadIds].filter((id) =>
        listed.has(id),
      ).length,
    };
  } finally {
    await dispose();
  }

  const turnsPerSegment = threads * turns;
  const perTurn = (xs: number[]) => xs.map((x) => x / turnsPerSegment);
  // turns per app-server CPU-second = the turns/s one core gives when the app-server has it to itself
  const perCore = (ms: number[]) => ms.map((x) => (turnsPerSegment * 1000) / x);
  const d = byId("default");
  const l = byId("lean");
  const g = byId("leanGitCwd");
  const ratio = summarize(pairedRatios(perCore(l.serverMs), perCore(d.serverMs)));
  const cpuPerTurn: Record<string, Summary> = {};
  const cpuVsDefault: Record<string, Summary> = {};
  for (const a of arms) {
    cpuPerTurn[a.id] = summarize(perTurn(a.serverMs));
    cpuVsDefault[a.id] = summarize(pairedRatios(a.serverMs, d.serverMs));
  }
  const gitCost = summarize(pairedRatios(g.serverMs, l.serverMs));
  const withClient = (a: Arm) => a.serverMs.map((x, i) => x + (a.clientMs[i] ?? 0));
  const ms = (s: Summary | undefined) => `${(s?.median ?? Number.NaN).toFixed(1)} ms`;
  log(
    `  app-server CPU/turn: ${arms.map((a) => `${a.id} ${ms(cpuPerTurn[a.id])}`).join(" | ")}; lean/default turns per core ${ratio.median.toFixed(2)}×`,
  );
  const ephemeralOk =
    [...byId("default").ephemeralSeen, ...byId("snapshotsOffOnly").ephemeralSeen].every((e) => !e) &&
    [...byId("ephemeralOnly").ephemeralSeen, ...l.ephemeralSeen, ...g.ephemeralSeen].every((e) => e);
  return {
    id: "throughput",
    title: `8. Throughput: ${threads} new threads × ${turns} turns per round, codex defaults vs preset "throughput"`,
    status: "ok",
    unit: "turns/CPU-s",
    ours: summarize(perCore(l.serverMs)),
    baseline: summarize(perCore(d.serverMs)),
    baselineName: "codex defaults",
    ratio,
    ratioMeaning: "turns per app-server CPU-second, preset/defaults (higher is better)",
    targets: [
      {
        description: 'preset "throughput" ≥ 1.6× turns/s per core vs codex defaults',
        met: quick ? null : ratio.median >= 1.6,
        measured: `${ratio.median.toFixed(2)}× (app-server CPU/turn ${ms(cpuPerTurn.default)} → ${ms(cpuPerTurn.lean)})`,
      },
      {
        description: "git-cwd cost reported",
        met: null,
        measured: `cwd in a git repo: ×${gitCost.median.toFixed(2)} app-server CPU/turn with the preset (${ms(cpuPerTurn.leanGitCwd)})`,
      },
    ],
    checks: [
      check(
        `all ${(rounds + warmup) * arms.length * turnsPerSegment} turns completed with the right answer`,
        problems.length === 0,
        problems.slice(0, 5).join("; ") || undefined,
      ),
      check(
        "threads ephemeral exactly where asked (preset default, or ephemeral: true); listed only when persisted",
        ephemeralOk && listing.ephemeralListed === 0 && listing.persistedListed === listing.persisted,
        `${arms.map((a) => `${a.id}: ${[...a.ephemeralSeen].join("/")}`).join(", ")}; listed: ${listing.persistedListed} of ${listing.persisted} persisted, ${listing.ephemeralListed} ephemeral`,
      ),
      check(
        "shell snapshots taken with codex defaults, none with the preset",
        snapshots.defaults > 0 && snapshots.lean === 0,
        `snapshots: defaults home ${snapshots.defaults}, preset home ${snapshots.lean}`,
      ),
    ],
    notes: [
      `${rounds} rounds (+${warmup} warm-up); per round each of five clients (own app-server, long-lived) starts ${threads} threads and runs ${turns} sequential turns on each, in rotating order. "codex defaults" = a CODEX_HOME with codex's defaults (shell snapshots on, threads persisted); the preset arms use \`new Codex({ preset: "throughput" })\`; "shell snapshots off only" passes \`ephemeral: false\` to it; "ephemeral only" passes \`ephemeral: true\` to a defaults client.`,
      "Turns/CPU-s = turns ÷ app-server CPU seconds (utime+stime+cutime+cstime of its pid: its own work plus its reaped login shells and git children) — the turns/s one core gives when the app-server has it to itself. CPU time is the robust figure on this shared 2-core machine; wall times are in details.",
    ],
    details: {
      appServerCpuMsPerTurn: cpuPerTurn,
      appServerCpuVsDefaults: cpuVsDefault,
      gitCwdCpuRatio: gitCost,
      turnsPerCpuSecondRatioIncludingClient: summarize(
        pairedRatios(perCore(withClient(l)), perCore(withClient(d))),
      ),
      clientProcessCpuMsPerTurn: Object.fromEntries(arms.map((a) => [a.id, summarize(perTurn(a.clientMs))])),
      wallMsPerTurn: Object.fromEntries(arms.map((a) => [a.id, summarize(perTurn(a.wallMs))])),
      snapshots,
      labels: Object.fromEntries(arms.map((a) => [a.id, a.label])),
    },
  };
};
