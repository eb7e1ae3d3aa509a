/**
 * Test-only: one call → scripted model + isolated CODEX_HOME + real app-server client,
 * all torn down by `disposeAll()` (call it in afterEach).
 */

import {
  type CodexHome,
  type CodexHomeOptions,
  createCodexHome,
  type ModelReply,
  ScriptedModel,
} from "../../src/index.js";
import { RawClient } from "./raw-client.js";

/** Everything an end-to-end test needs. */
export interface E2e {
  model: ScriptedModel;
  home: CodexHome;
  client: RawClient;
  threadId: string;
}

const cleanups: Array<() => Promise<void>> = [];

/** Starts model, home and app-server, then a thread in the home's workspace. */
export async function startE2e(
  script: ModelReply[],
  homeOptions: Omit<CodexHomeOptions, "baseUrl"> = {},
  threadParams: Record<string, unknown> = {},
): Promise<E2e> {
  const model = await ScriptedModel.start({ script });
  cleanups.push(() => model.close());
  const home = await createCodexHome({ ...homeOptions, baseUrl: model.baseUrl });
  cleanups.push(() => home.dispose());
  const client = await RawClient.start(home.env);
  cleanups.push(() => client.kill());
  const threadId = await client.startThread({ cwd: home.workspace, ...threadParams });
  return { model, home, client, threadId };
}

/** Kills app-servers, closes models and removes homes (in reverse order of creation). */
export async function disposeAll(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()?.();
}
