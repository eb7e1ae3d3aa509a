#!/usr/bin/env node
// Regenerates src/generated/ from the pinned `@openai/codex` devDependency:
//   1. `codex app-server generate-ts --experimental` writes the protocol types, experimental methods and
//      fields included (we initialize with experimentalApi: true); never edited by hand;
//   2. we derive src/generated/methods.ts, the method -> response-type table the generated unions lack.
// Responses are matched to requests by the protocol's naming convention (FooParams -> FooResponse); the few
// methods that break the convention are listed in RESPONSE_OVERRIDES. A method we cannot map fails the run.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "..", "src", "generated");
const require = createRequire(import.meta.url);

/** Methods whose response type does not follow the FooParams -> FooResponse convention. */
const RESPONSE_OVERRIDES = {
  "config/value/write": "ConfigWriteResponse",
  "config/batchWrite": "ConfigWriteResponse",
  "account/gatewayOAuth/cancel": "GatewayOAuthCancelResponse",
  "config/mcpServer/reload": "McpServerRefreshResponse",
  "windowsSandbox/readiness": "WindowsSandboxReadinessResponse",
  "account/logout": "LogoutAccountResponse",
  "account/securitySetup/read": "GetAccountSecuritySetupResponse",
  "account/workspaceMessages/read": "GetWorkspaceMessagesResponse",
  "externalAgentConfig/import/readHistories": "ExternalAgentConfigImportHistoriesReadResponse",
  "configRequirements/read": "ConfigRequirementsReadResponse",
  "memory/reset": "MemoryResetResponse",
  "rollout/compress": "RolloutCompressResponse",
  "remoteControl/status/read": "RemoteControlStatusReadResponse",
  "accountSession/list": "AccountSessionsResponse",
  // 0.171: answers {status, version, filePath, overriddenMetadata} (observed), the config-write shape
  "modelProvider/default/set": "ConfigWriteResponse",
};

function codexBinary() {
  const pkgJson = require.resolve("@openai/codex/package.json");
  const launcher = join(dirname(pkgJson), "bin", "codex.js");
  return { command: process.execPath, args: [launcher] };
}

function run() {
  const { command, args } = codexBinary();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  execFileSync(command, [...args, "app-server", "generate-ts", "--experimental", "--out", outDir], {
    stdio: "inherit",
  });
  const version = execFileSync(command, [...args, "--version"], { encoding: "utf8" }).trim();

  const typeFiles = new Map();
  for (const sub of ["", "v2"]) {
    for (const file of readdirSync(join(outDir, sub))) {
      if (file.endsWith(".ts"))
        typeFiles.set(file.slice(0, -3), sub ? `./v2/${file.slice(0, -3)}` : `./${file.slice(0, -3)}`);
    }
  }

  const unionEntries = (file) => {
    const text = readFileSync(join(outDir, file), "utf8");
    return [...text.matchAll(/"method": "([^"]+)", id: RequestId, params: ([A-Za-z0-9_]+)/g)].map((m) => ({
      method: m[1],
      params: m[2],
    }));
  };

  const paramless = unionEntries("ClientRequest.ts")
    .filter((entry) => entry.params === "undefined")
    .map((entry) => entry.method);
  const rows = [];
  const imports = new Set();
  const unmapped = [];
  for (const [kind, file] of [
    ["ClientResponses", "ClientRequest.ts"],
    ["ServerResponses", "ServerRequest.ts"],
  ]) {
    const lines = [];
    for (const { method, params } of unionEntries(file)) {
      const response =
        RESPONSE_OVERRIDES[method] ??
        (params !== "undefined" && params.endsWith("Params")
          ? `${params.slice(0, -"Params".length)}Response`
          : undefined);
      if (!response || !typeFiles.has(response)) {
        unmapped.push(`${method} (${params})`);
        continue;
      }
      imports.add(response);
      lines.push(`  ${JSON.stringify(method)}: ${response};`);
    }
    rows.push(
      `/** Result type of each ${kind === "ClientResponses" ? "client -> server" : "server -> client"} request, by method. */\nexport interface ${kind} {\n${lines.join("\n")}\n}`,
    );
  }
  if (unmapped.length > 0) {
    console.error(
      `generate: no response type found for:\n  ${unmapped.join("\n  ")}\nAdd them to RESPONSE_OVERRIDES.`,
    );
    process.exit(1);
  }

  const importLines = [...imports]
    .sort()
    .map((name) => `import type { ${name} } from ${JSON.stringify(typeFiles.get(name))};`);
  writeFileSync(
    join(outDir, "methods.ts"),
    `// GENERATED CODE! DO NOT MODIFY BY HAND! (packages/core/scripts/generate.mjs)\n\n${importLines.join("\n")}\n\n` +
      `/** The codex version these types were generated from. */\nexport const GENERATED_FROM_CODEX_VERSION = ${JSON.stringify(version.replace(/^codex-cli\s+/, ""))};\n\n` +
      `/** Client methods that take no params: their requests are sent without a \`params\` member. */\n` +
      `export const PARAMLESS_CLIENT_METHODS = ${JSON.stringify(paramless)} as const;\n\n` +
      `${rows.join("\n\n")}\n`,
  );
  if (!existsSync(join(outDir, "index.ts"))) throw new Error("generate-ts wrote no index.ts");
  console.log(`generate: ${typeFiles.size} protocol types from codex ${version} -> src/generated/`);
}

run();
