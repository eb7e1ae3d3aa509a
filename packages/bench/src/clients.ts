/** How every workload builds "ours" (codexkit) and the raw floor, so both send the same requests. */
import {
  ApprovalMode,
  Codex,
  type CodexOptions,
  type Notification,
  Sandbox,
  type ThreadStartOptions,
} from "@codexkit/node";
import { answerFor, type BenchEnv, DELTAS_PER_TURN } from "./env.js";
import { RawClient } from "./raw-client.js";

export function newCodex(env: BenchEnv, extra: CodexOptions = {}): Codex {
  return new Codex({
    ...extra,
    codexPath: env.binary.command,
    codexHome: env.home.path,
    cwd: env.home.workspace,
    env: { ...env.codexEnv, PATH: env.spawnEnv.PATH ?? "" },
  });
}

export function newRaw(env: BenchEnv): RawClient {
  return new RawClient(env.binary.command, env.spawnEnv, env.home.workspace);
}

/** `threadStart` options for codexkit … */
export function threadOptions(env: BenchEnv): ThreadStartOptions {
  return { cwd: env.home.workspace, approvalMode: ApprovalMode.denyAll, sandbox: Sandbox.readOnly };
}

/** … and the identical `thread/start` params for the raw client. */
export function rawThreadParams(env: BenchEnv): Record<string, unknown> {
  return { cwd: env.home.workspace, approvalPolicy: "never", sandbox: "read-only" };
}

/** The turn-scoped notifications of one benchmark turn, in order. */
export const EXPECTED_METHODS = [
  "turn/started",
  "item/started",
  "item/completed",
  "item/started",
  ...Array<string>(DELTAS_PER_TURN).fill("item/agentMessage/delta"),
  "item/completed",
  "thread/tokenUsage/updated",
  "turn/completed",
] as const;

type AnyNotification = Notification | { method: string; params: Record<string, unknown> };

function turnIdOf(n: AnyNotification): string | undefined {
  const p = n.params as Record<string, unknown>;
  if (typeof p.turnId === "string") return p.turnId;
  const turn = p.turn as { id?: unknown } | undefined;
  return typeof turn?.id === "string" ? turn.id : undefined;
}

/**
 * Checks one turn's notifications: exactly the expected methods in order (so nothing lost or duplicated),
 * all addressed to `turnId`, and the streamed deltas spelling the expected answer. Returns problems.
 */
export function verifyTurnEvents(
  events: readonly AnyNotification[],
  turnId: string,
  prompt: string,
): string[] {
  const problems: string[] = [];
  const methods = events.map((e) => e.method);
  if (methods.join(",") !== EXPECTED_METHODS.join(","))
    problems.push(`turn ${turnId}: got [${methods.join(", ")}]`);
  for (const e of events)
    if (turnIdOf(e) !== turnId) problems.push(`turn ${turnId}: foreign event ${e.method} for ${turnIdOf(e)}`);
  const text = events
    .filter((e) => e.method === "item/agentMessage/delta")
    .map((e) => (e.params as { delta: string }).delta)
    .join("");
  if (text !== answerFor(prompt)) problems.push(`turn ${turnId}: deltas spell ${JSON.stringify(text)}`);
  const last = events.at(-1);
  const status = (last?.params as { turn?: { status?: string } } | undefined)?.turn?.status;
  if (status !== "completed") problems.push(`turn ${turnId}: status ${status}`);
  return problems;
}

/** Every notification `codex` receives from now on, grouped by the turn it names (others are left out). */
export function notificationsByTurn(codex: Codex): Map<string, Notification[]> {
  const byTurn = new Map<string, Notification[]>();
  codex.onNotification((n) => {
    const turnId = turnIdOf(n);
    if (turnId === undefined) return;
    const list = byTurn.get(turnId);
    if (list) list.push(n);
    else byTurn.set(turnId, [n]);
  });
  return byTurn;
}

/**
 * `codex.stats()` entries that are bounded caches rather than per-turn state: the router remembers the
 * last 4096 completed turn ids to drop stragglers. Every other entry must be zero once no turn is running.
 */
export const BOUNDED_CACHES = ["rememberedCompleted"];

/** The non-cache entries of `codex.stats()` that are not zero. */
export function nonEmptyMaps(stats: Record<string, number>): string[] {
  return Object.entries(stats)
    .filter(([k, v]) => !BOUNDED_CACHES.includes(k) && v !== 0)
    .map(([k, v]) => `${k}=${v}`);
}
