import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs `src/<name>.ts` the way `pnpm run example:<name>` does, without OPENAI_API_KEY (scripted model). */
function runCli(name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `src/${name}.ts`],
      { cwd: root, env, timeout: scaledTimeout(60_000) },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const EXPECTED: Record<string, RegExp> = {
  demo: /final response: This is a scratch directory/,
  quickstart: /status: completed, tokens: 1218/,
  streaming: /■ turn completed in \d+ ms/,
  "concurrent-turns": /\[3\] You asked: "In one sentence: why stream model output\?"/,
  approvals: /\[no terminal: declining\]\n {2}→ decline\ncommand `.*`: declined/,
  "structured-output": /approve: no/,
  "turn-control": /interrupted after 5 lines[\s\S]*the turn ended interrupted/,
  threads: /archived threads \(1\):/,
  login: /enter the code CDXK-2468[\s\S]*login cancelled/,
  "mcp-client": /tools: .*codex_run[\s\S]*completed: 42 \(thread /,
  "custom-tools": /tool crm\.update_email[\s\S]*final response: It is 18°C/,
  "ai-sdk":
    /\[tool\] lookup_order\(\{"id":"A-17"\}\)[\s\S]*Order A-17 has shipped with DHL\.\[step finished: stop\]/,
};

describe("examples run from the command line against the embedded scripted model", () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(
      `${name}`,
      async () => {
        const { code, stdout, stderr } = await runCli(name);
        expect(stderr).toBe("");
        expect(stdout).toMatch(
          new RegExp(
            `^codexkit example "${name}" — using the embedded scripted model at http://127\\.0\\.0\\.1:\\d+/v1`,
          ),
        );
        expect(stdout).toMatch(expected);
        expect(code).toBe(0);
      },
      scaledTimeout(60_000),
    );
  }
});
