import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CodexOptions } from "@codexkit/node";

/** An offline model and a `CODEX_HOME` pointing at it, for `codexkit-mcp --scripted`. */
export interface ScriptedBackend {
  /** The `Codex` options that point the bridge's codex at it. */
  codexOptions: CodexOptions;
  /** The model's base URL (`http://127.0.0.1:PORT/v1`). */
  baseUrl: string;
  /** The temporary `CODEX_HOME`. */
  codexHome: string;
  /** A temporary directory to work in (the default allowed root in scripted mode). */
  workspace: string;
  /** Stops the model and deletes the temporary directories. */
  close(): Promise<void>;
}

const NOTE = "(codexkit-mcp --scripted: an offline scripted model answered; no OpenAI account was used.)";

/**
 * Starts the scripted Responses-API model of `@codexkit/testing` on 127.0.0.1 with a canned, endless script,
 * and a temporary `CODEX_HOME` pointing at it, so that the real `codex app-server` runs with no OpenAI
 * account and no network. The model answers each prompt with a note that echoes it; a prompt with a command in
 * backticks (e.g. "run `ls`") makes it run that command first (through codex, in the sandbox) and report the
 * output.
 */
export async function startScriptedBackend(): Promise<ScriptedBackend> {
  const { Reply, ScriptedModel, createCodexHome, inputTexts, toolCallOutputs } = await import(
    "@codexkit/testing"
  );
  type ModelReply = import("@codexkit/testing").ModelReply;
  const model = await ScriptedModel.start();
  const answer: ModelReply = Reply.dynamic((request) => {
    model.enqueue(answer); // endless: every request gets the same treatment
    const input = request.body?.input ?? [];
    const last = input.at(-1);
    if (last?.type === "function_call_output" || last?.type === "custom_tool_call_output") {
      const raw = toolCallOutputs(request).at(-1)?.output ?? "";
      // codex frames a command's output with a header (chunk id, wall time, exit code) before "Output:"
      const output = raw.includes("\nOutput:\n") ? raw.slice(raw.indexOf("\nOutput:\n") + 9) : raw;
      const shown = output.length > 2000 ? `${output.slice(0, 1999)}…` : output;
      return Reply.message(`The command's output:\n\n${shown.trim() || "(nothing)"}\n\n${NOTE}`);
    }
    const prompt = inputTexts(request, "user").at(-1) ?? "";
    const command = /`([^`\n]+)`/.exec(prompt)?.[1]?.trim();
    if (command) return Reply.execCommand(command);
    const quoted = prompt.length > 500 ? `${prompt.slice(0, 499)}…` : prompt;
    return Reply.message(
      `You asked: "${quoted}". This is a scripted answer ${NOTE} Put a command in backticks, e.g. "run \`ls\`", ` +
        "to see Codex run it.",
    );
  });
  model.enqueue(answer);
  let home: Awaited<ReturnType<typeof createCodexHome>>;
  try {
    // One home for the bridge's life: seeding it would cost a template start, not save one.
    home = await createCodexHome({ baseUrl: model.baseUrl, seed: false });
    await writeFile(
      join(home.workspace, "README.md"),
      "A scratch directory for codexkit-mcp --scripted. It is deleted when the bridge exits.\n",
    );
  } catch (error) {
    await model.close();
    throw error;
  }
  return {
    codexOptions: { codexHome: home.path, env: { ...home.env } },
    baseUrl: model.baseUrl,
    codexHome: home.path,
    workspace: home.workspace,
    async close() {
      await model.close().catch(() => {});
      await home.dispose().catch(() => {});
    },
  };
}
