/** Workload 7: `codex_run` through the MCP SDK client and @codexkit/mcp-bridge vs direct `thread.run`. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Workload } from "../types.js";

/** The bridge's bin (`dist/cli.js`), or undefined while it is not built. */
export function bridgeCli(): string | undefined {
  try {
    const pkgPath = createRequire(import.meta.url).resolve("@codexkit/mcp-bridge/package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { bin?: Record<string, string> | string };
    const bin = typeof pkg.bin === "string" ? pkg.bin : Object.values(pkg.bin ?? {})[0];
    const cli = join(dirname(pkgPath), bin ?? "dist/cli.js");
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

export const mcp: Workload = async () => {
  const cli = bridgeCli();
  return {
    id: "mcp",
    title: "7. MCP bridge: codex_run via MCP client vs direct thread.run",
    status: "pending",
    targets: [{ description: "≤ 1.10× direct thread.run", met: null, measured: "pending" }],
    checks: [],
    notes: [
      cli
        ? `bridge found at ${cli} but this workload is not wired up yet`
        : "@codexkit/mcp-bridge is not built yet (no dist/cli.js); run `pnpm turbo run build --filter=@codexkit/mcp-bridge` once it exists.",
    ],
  };
};
