/**
 * Test-only: one ScriptedModel answering `ok:<prompt>` to every request and one CODEX_HOME pointing at it,
 * shared by every client a test starts (pool members, plain `Codex` clients).
 */
import type { CodexOptions } from "@codexkit/node";
import { type CodexHome, createCodexHome, inputTexts, Reply, ScriptedModel } from "@codexkit/testing";

/** A model + home that any number of clients can share. */
export interface SharedHome extends AsyncDisposable {
  readonly model: ScriptedModel;
  readonly home: CodexHome;
  /** Options for a `Codex` (or a pool member) on this home. */
  readonly codexOptions: CodexOptions;
  /** Queues `count` replies; each answers `ok:<last user text>`, once `hold` (if given) has resolved. */
  feed(count: number, hold?: Promise<unknown>): void;
  dispose(): Promise<void>;
}

/** The answer to `prompt`. */
export const answerFor = (prompt: string): string => `ok:${prompt}`;

/** Starts the model and writes the home (shell snapshots off: they cost a login shell per thread). */
export async function sharedHome(): Promise<SharedHome> {
  const model = await ScriptedModel.start();
  const home = await createCodexHome({ baseUrl: model.baseUrl, features: { shell_snapshot: false } });
  const dispose = async () => {
    await model.close();
    await home.dispose();
  };
  return {
    model,
    home,
    codexOptions: { codexHome: home.path, cwd: home.workspace, env: { RUST_LOG: "warn", ...home.env } },
    feed(count, hold) {
      for (let i = 0; i < count; i++)
        model.enqueue(
          Reply.dynamic(async (request) => {
            await hold;
            return Reply.message(answerFor(inputTexts(request, "user").at(-1) ?? ""));
          }),
        );
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
