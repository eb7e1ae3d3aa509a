/** Console table, results.json and the generated section of BENCHMARKS.md. */
import { readFileSync, writeFileSync } from "node:fs";
import type { Summary } from "./stats.js";
import type { WorkloadResult } from "./types.js";

function num(value: number | undefined, unit?: string): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  const abs = Math.abs(value);
  const text =
    abs >= 100_000
      ? `${(value / 1000).toFixed(0)}k`
      : abs >= 100
        ? value.toFixed(0)
        : abs >= 10
          ? value.toFixed(1)
          : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

const range = (s: Summary | undefined, digits = 3) =>
  s ? `${s.p10.toFixed(digits)}–${s.p90.toFixed(digits)}` : "–";

function verdict(r: WorkloadResult): string {
  if (r.status !== "ok") return r.status.toUpperCase();
  const parts = r.targets.map((t) => `${t.met === null ? "·" : t.met ? "MET" : "MISSED"} ${t.description}`);
  const failed = r.checks.filter((c) => !c.ok).length;
  if (failed) parts.push(`${failed} CHECK(S) FAILED`);
  return parts.join("; ");
}

export interface Row {
  workload: string;
  ours: string;
  baseline: string;
  ratio: string;
  spread: string;
  result: string;
}

export function rows(results: readonly WorkloadResult[]): Row[] {
  return results.map((r) => {
    if (r.id === "memory" && r.status === "ok") {
      const growth = r.details as { heapGrowthMB: number; rssGrowthMB: number };
      return {
        workload: r.title,
        ours: `heap ${num(r.ours?.median, "MB")}`,
        baseline: "–",
        ratio: `heap ${growth.heapGrowthMB >= 0 ? "+" : ""}${growth.heapGrowthMB.toFixed(2)} MB, rss ${growth.rssGrowthMB >= 0 ? "+" : ""}${growth.rssGrowthMB.toFixed(2)} MB`,
        spread: `heap ${range(r.ours, 1)} MB`,
        result: verdict(r),
      };
    }
    return {
      workload: r.title,
      ours: num(r.ours?.median, r.unit),
      baseline: r.baseline ? `${num(r.baseline.median, r.unit)} (${r.baselineName})` : "–",
      ratio: r.ratio ? `${r.ratio.median.toFixed(3)} (${r.ratioMeaning})` : "–",
      spread: r.ratio ? `p10–p90 ${range(r.ratio)}` : "–",
      result: verdict(r),
    };
  });
}

export function printTable(results: readonly WorkloadResult[], log: (line: string) => void): void {
  const table = rows(results);
  const cols: Array<keyof Row> = ["workload", "ours", "baseline", "ratio", "spread", "result"];
  const width = (c: keyof Row) => Math.min(70, Math.max(c.length, ...table.map((r) => r[c].length)));
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  log(cols.map((c) => cut(c, width(c))).join(" | "));
  log(cols.map((c) => "-".repeat(width(c))).join("-|-"));
  for (const r of table) log(cols.map((c) => cut(r[c], width(c))).join(" | "));
  for (const r of results) {
    for (const c of r.checks)
      log(`  [${c.ok ? "ok" : "FAIL"}] ${r.id}: ${c.name}${c.detail ? ` — ${c.detail}` : ""}`);
    for (const t of r.targets)
      log(
        `  [${t.met === null ? "info" : t.met ? "met" : "missed"}] ${r.id}: ${t.description}: ${t.measured}`,
      );
  }
}

export function markdownTable(results: readonly WorkloadResult[]): string {
  const lines = [
    "| Workload | Ours (median) | Baseline (median) | Ratio (median) | Ratio p10–p90 | Ours p10–p90 | Baseline p10–p90 | Target → result |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const row = rows([r])[0]!;
    const sideRange = (s: Summary | undefined) =>
      s ? `${num(s.p10)}–${num(s.p90)} ${r.unit ?? ""}`.trim() : "–";
    const targets = r.targets
      .map(
        (t) => `${t.description}: **${t.met === null ? "info" : t.met ? "met" : "missed"}** (${t.measured})`,
      )
      .join("<br>");
    lines.push(
      `| ${r.title} | ${row.ours} | ${row.baseline} | ${row.ratio} | ${row.spread.replace("p10–p90 ", "")} | ${sideRange(r.ours)} | ${r.id === "memory" ? "–" : sideRange(r.baseline)} | ${r.status === "ok" ? targets : `**${r.status}**: ${r.notes[0] ?? ""}`} |`,
    );
  }
  return lines.join("\n");
}

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

/** Replaces the generated section of BENCHMARKS.md (between the markers) with `content`. */
export function updateMarkdown(path: string, content: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return false;
  }
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b === -1 || b < a) return false;
  writeFileSync(path, `${text.slice(0, a + START.length)}\n${content}\n${text.slice(b)}`);
  return true;
}

/** What results.json holds. */
export interface RunRecord {
  machine: {
    date: string;
    commit?: string | undefined;
    dirty: boolean;
    mode: string;
    cpu: string;
    memoryGB: number;
    platform: string;
    node: string;
    v8: string;
    codex: string;
    loadavg: number[];
  };
  totalMs: number;
  results: WorkloadResult[];
}

/** The generated section of BENCHMARKS.md: machine, table, every target met or missed, notes. */
export function renderMarkdown({ machine: m, totalMs, results }: RunRecord): string {
  const targets = results.flatMap((r) =>
    r.status !== "ok"
      ? [`- ${r.title}: **${r.status}** — ${r.notes[0] ?? ""}`]
      : r.targets.map(
          (t) =>
            `- ${r.title.split(":")[0]} — ${t.description}: **${t.met === null ? "reported" : t.met ? "met" : "missed"}**, ${t.measured}`,
        ),
  );
  return [
    `Run ${m.date} · commit ${m.commit}${m.dirty ? " (working tree had uncommitted changes)" : ""} · mode ${m.mode} · total ${(totalMs / 1000).toFixed(0)} s`,
    "",
    `Machine: ${m.cpu}, ${m.memoryGB} GB RAM, ${m.platform}; Node ${m.node} (V8 ${m.v8}); codex ${m.codex} (native musl binary); load average at start ${m.loadavg.join(" / ")}.`,
    "",
    markdownTable(results),
    "",
    "Targets:",
    "",
    ...targets,
    "",
    "Notes:",
    "",
    ...results.map(
      (r) =>
        `- **${r.title}** — ${r.notes.join(" ")} Checks: ${r.checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.name}`).join("; ") || "none"}.`,
    ),
  ].join("\n");
}
