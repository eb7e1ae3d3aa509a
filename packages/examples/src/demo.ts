/**
 * The README's demo: one real turn through a real `codex app-server`, printing events as they stream.
 * With OPENAI_API_KEY set it talks to the real model; otherwise to the embedded scripted model
 * (`@codexkit/testing`), fully offline. Either way it uses a throwaway CODEX_HOME.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, type Notification } from "@codexkit/node";
import { createCodexHome, Item, Reply, ScriptedModel } from "@codexkit/testing";

const PROMPT = "In one short paragraph: what is this directory, and what would you do first to explore it?";

function describe(event: Notification): string | undefined {
  switch (event.method) {
    case "turn/started":
      return `▶ turn ${event.params.turn.id} started`;
    case "item/started":
      return `  · ${event.params.item.type} started`;
    case "item/completed": {
      const { item } = event.params;
      if (item.type === "commandExecution") return `  ✓ ran \`${item.command}\` (exit ${item.exitCode})`;
      if (item.type === "reasoning") return `  ✓ reasoning: ${item.summary.join(" ")}`;
      if (item.type === "agentMessage") return "\n  ✓ agent message complete";
      return `  ✓ ${item.type}`;
    }
    case "thread/tokenUsage/updated":
      return `  Σ tokens: ${event.params.tokenUsage.last.totalTokens}`;
    case "turn/completed":
      return `■ turn ${event.params.turn.status} in ${event.params.turn.durationMs} ms`;
    default:
      return undefined;
  }
}

async function main(): Promise<void> {
  const apiKey = process.env.OPENAI_API_KEY;
  const realModel = apiKey !== undefined && apiKey !== "";
  const scratch = await mkdtemp(join(tmpdir(), "codexkit-demo-"));
  let model: ScriptedModel | undefined;
  let codexHome: string;
  let cleanupHome = async () => {};
  if (realModel) {
    codexHome = scratch;
  } else {
    model = await ScriptedModel.start({
      script: [
        Reply.items([
          Item.reasoning("Looking at the directory before answering.", { stream: true }),
          Item.execCommand("ls -a && echo listed"),
        ]),
        Reply.message(
          "This is a scratch directory created for the codexkit demo; it is empty apart from `.` and `..`. " +
            "I would start by listing files, reading any README, and checking the build scripts.",
          { stream: true, dripMs: 15 },
        ),
      ],
    });
    const home = await createCodexHome({ baseUrl: model.baseUrl, sandbox: "read-only" });
    codexHome = home.path;
    cleanupHome = () => home.dispose();
  }
  console.log(
    realModel
      ? "codexkit demo — using the REAL model (OPENAI_API_KEY is set)"
      : `codexkit demo — using the embedded scripted model at ${model?.baseUrl} (set OPENAI_API_KEY for the real one)`,
  );

  const codex = new Codex({
    codexHome,
    cwd: scratch,
    env: { RUST_LOG: "warn", CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1" },
  });
  try {
    await codex.start();
    console.log(`app-server: ${codex.metadata.userAgent}`);
    if (realModel && apiKey) await codex.loginApiKey(apiKey);
    const thread = await codex.threadStart({ cwd: scratch, approvalMode: "denyAll", sandbox: "readOnly" });
    console.log(`thread ${thread.id}\n> ${PROMPT}`);
    const turn = await thread.turn(PROMPT);
    for await (const event of turn) {
      if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
      else {
        const line = describe(event);
        if (line) console.log(line);
      }
    }
    const result = await turn.run();
    console.log(`\nfinal response: ${result.finalResponse ?? "(none)"}`);
    console.log(`status: ${result.status}, items: ${result.items.map((i) => i.type).join(", ")}`);
    if (result.status !== "completed") process.exitCode = 1;
  } finally {
    await codex.close();
    await model?.close();
    await cleanupHome();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
