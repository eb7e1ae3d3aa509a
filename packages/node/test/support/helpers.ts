/**
 * Test-only helpers for the @codexkit/node end-to-end suite: notification collection, a tiny PNG encoder
 * and scratch executables. (Waiting and process liveness: `@codexkit/test-support`.)
 */
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { type Notification, TurnFailedError, type TurnResult } from "@codexkit/node";
import type { RecordedRequest, ScriptedModel, ToolCallOutput } from "@codexkit/testing";
import { inputTexts } from "@codexkit/testing";

/** Awaits a run that must end `failed`: returns the {@link TurnFailedError}'s result (fails the test otherwise). */
export async function failedResult(run: Promise<TurnResult>): Promise<TurnResult> {
  const error = await run.then(
    (result) => new Error(`expected TurnFailedError, the run resolved with status ${result.status}`),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TurnFailedError)) throw error;
  if (error.code !== "turn_failed" || error.turnError !== error.result.error)
    throw new Error("TurnFailedError without its code or turn error");
  return error.result;
}

/** Drains a turn stream into an array. */
export async function collect(stream: AsyncIterable<Notification>): Promise<Notification[]> {
  const events: Notification[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The `item/agentMessage/delta` texts among `events`, in order. */
export function agentDeltas(events: readonly Notification[]): string[] {
  return events.flatMap((e) => (e.method === "item/agentMessage/delta" ? [e.params.delta] : []));
}

/** The turn id a notification belongs to (`params.turnId` or `params.turn.id`), if any. */
export function turnIdOf(event: Notification): string | undefined {
  const params = event.params as { turnId?: unknown; turn?: { id?: unknown } };
  if (typeof params.turnId === "string") return params.turnId;
  if (typeof params.turn?.id === "string") return params.turn.id;
  return undefined;
}

/** The thread id a notification belongs to, if any. */
export function threadIdOf(event: Notification): string | undefined {
  const params = event.params as { threadId?: unknown };
  return typeof params.threadId === "string" ? params.threadId : undefined;
}

/** The last user text of a model request (the prompt of the turn or the latest steer). */
export function lastUserText(request: RecordedRequest): string | undefined {
  return inputTexts(request, "user").at(-1);
}

/** The tool output for `callId` in model request `index` (which also repeats earlier outputs). */
export function toolOutputOf(model: ScriptedModel, index: number, callId: string): ToolCallOutput {
  const output = model.functionCallOutputs(index).find((o) => o.callId === callId);
  if (!output) throw new Error(`request ${index} has no output for ${callId}`);
  return output;
}

/** Encodes a `width`×`height` RGB PNG filled with one colour (a real, decodable image). */
export function solidPng(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A scratch directory removed by `dispose()` / `await using`. */
export interface ScratchDir extends AsyncDisposable {
  readonly path: string;
  /** Writes `name` in the directory; `executable` sets mode 0755. Returns its path. */
  file(name: string, content: string, options?: { executable?: boolean }): Promise<string>;
  dispose(): Promise<void>;
}

/** Creates a scratch directory under the OS temp dir. */
export async function scratchDir(): Promise<ScratchDir> {
  const path = await mkdtemp(join(tmpdir(), "codexkit-node-test-"));
  const dispose = () => rm(path, { recursive: true, force: true });
  return {
    path,
    async file(name, content, options = {}) {
      const file = join(path, name);
      await writeFile(file, content);
      await chmod(file, options.executable ? 0o755 : 0o644);
      return file;
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
