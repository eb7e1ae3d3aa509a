/** Small, dependency-free statistics for noisy benchmark samples. */

/** Linear-interpolated quantile of `values` (q in [0, 1]). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median and spread of a sample. */
export interface Summary {
  n: number;
  median: number;
  p10: number;
  p90: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** Per-round ratios `ours[i] / baseline[i]` of paired (interleaved) samples. */
export function pairedRatios(ours: readonly number[], baseline: readonly number[]): number[] {
  const n = Math.min(ours.length, baseline.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(ours[i]! / baseline[i]!);
  return out;
}

/** Runs `a` and `b` `rounds` times, alternating which goes first (ABBA …), and returns both samples. */
export async function interleave<T>(
  rounds: number,
  a: (round: number) => Promise<T>,
  b: (round: number) => Promise<T>,
): Promise<{ a: T[]; b: T[] }> {
  const out = { a: [] as T[], b: [] as T[] };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      out.a.push(await a(round));
      out.b.push(await b(round));
    } else {
      out.b.push(await b(round));
      out.a.push(await a(round));
    }
  }
  return out;
}

/** How a paired workload's rounds are laid out: `rounds` timed rounds over `blocks` blocks, `warmup` untimed each. */
export interface BlockPlan {
  rounds: number;
  blocks: number;
  warmup: number;
}

/**
 * Runs a paired workload's rounds in blocks, each block on a fresh pair of servers: how the scheduler places a
 * process moves its speed by a few percent for its whole life, which pairing turn by turn cannot cancel, so
 * several pairs average it out. Each block starts with `plan.warmup` untimed rounds; `runRound` is told its
 * round number (warm-ups included) and whether it is timed. Returns the pair still open at the end, for the
 * caller to use and close; if a round throws, the open pair is closed first.
 */
export async function roundsInBlocks<P>(
  plan: BlockPlan,
  servers: { open: () => Promise<P>; close: (pair: P) => Promise<void> },
  runRound: (pair: P, round: number, timed: boolean) => Promise<void>,
): Promise<P> {
  const roundsPerBlock = plan.rounds / plan.blocks;
  let pair = await servers.open();
  try {
    for (let round = 0; round < plan.rounds + plan.warmup * plan.blocks; round++) {
      const roundInBlock = round % (roundsPerBlock + plan.warmup);
      if (round > 0 && roundInBlock === 0) {
        await servers.close(pair);
        pair = await servers.open();
      }
      await runRound(pair, round, roundInBlock >= plan.warmup);
    }
    return pair;
  } catch (error) {
    await servers.close(pair);
    throw error;
  }
}

/** The two sides of a paired turn in the order turn `k` runs them: alternating, so neither always goes first. */
export function alternating<T>(k: number, a: T, b: T): [T, T] {
  return k % 2 === 0 ? [a, b] : [b, a];
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function now(): number {
  return performance.now();
}
