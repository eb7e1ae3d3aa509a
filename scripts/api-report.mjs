#!/usr/bin/env node
// Public API surface reports (API Extractor) for every public package, checked in under etc/.
//
//   node scripts/api-report.mjs           check: fails when a package's built .d.ts no longer matches its
//                                          etc/<package>.api.md (an unreviewed API change), printing the diff
//   node scripts/api-report.mjs --update  rewrite etc/*.api.md from the current build; commit the result
//
// Reads packages/<name>/dist/index.d.ts, so build first (`pnpm build`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["core", "node", "testing", "mcp-bridge", "ai-sdk"];
const update = process.argv.includes("--update");
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const reportFolder = join(root, "etc");
mkdirSync(reportFolder, { recursive: true });
const tempFolder = mkdtempSync(join(tmpdir(), "codexkit-api-report-"));

// API Extractor's findings (undocumented items, exports that leak unexported types, …) are written into the
// report itself, so they are reviewed with the surface; only the report's content decides pass or fail.
// Release tags are not used; TSDoc syntax and coverage are checked by `pnpm docs` (TypeDoc).
const QUIET = { logLevel: "none" };
const messages = {
  compilerMessageReporting: { default: { logLevel: "warning" } },
  extractorMessageReporting: {
    default: { logLevel: "none", addToApiReportFile: true },
    "ae-missing-release-tag": QUIET,
    "ae-unresolved-link": QUIET,
  },
  tsdocMessageReporting: { default: QUIET },
};

let failed = false;
for (const name of PACKAGES.filter((pkg) => only.length === 0 || only.includes(pkg))) {
  const projectFolder = join(root, "packages", name);
  const entry = join(projectFolder, "dist", "index.d.ts");
  if (!existsSync(entry)) {
    console.error(`✗ ${name}: ${entry} is missing; build first (pnpm build)`);
    failed = true;
    continue;
  }
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder,
      mainEntryPointFilePath: "<projectFolder>/dist/index.d.ts",
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            module: "ESNext",
            moduleResolution: "Bundler",
            lib: ["ES2023", "ESNext.Disposable"],
            types: ["node"],
            strict: true,
            skipLibCheck: true,
          },
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: "<unscopedPackageName>",
        reportFolder,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: "lf",
      messages,
    },
    configObjectFullPath: join(projectFolder, "api-extractor.json"),
    packageJsonFullPath: join(projectFolder, "package.json"),
  });
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message) => {
      // the "API changed" notice is reported below, with the diff
      if (
        message.messageId === "console-api-report-changed" ||
        message.messageId === "console-api-report-copied"
      ) {
        message.handled = true;
      }
    },
  });
  const reportName = `${config.packageJson?.name.split("/").pop()}.api.md`;
  const report = join(reportFolder, reportName);
  if (result.apiReportChanged && !update) {
    failed = true;
    console.error(`✗ ${name}: the public API differs from etc/${reportName} (not reviewed):`);
    const created = !existsSync(report);
    if (created) console.error(`  etc/${reportName} does not exist yet`);
    else
      spawnSync("git", ["--no-pager", "diff", "--no-index", "--", report, join(tempFolder, reportName)], {
        stdio: "inherit",
      });
    console.error("  If the change is intended, run `pnpm api:update` and commit etc/.");
  } else if (!result.succeeded) {
    failed = true;
    console.error(
      `✗ ${name}: API Extractor reported ${result.errorCount} errors and ${result.warningCount} warnings`,
    );
  } else {
    console.log(`✓ ${name}: ${update && result.apiReportChanged ? "updated" : "matches"} etc/${reportName}`);
  }
}
rmSync(tempFolder, { recursive: true, force: true });
// sanity: a report must never be empty
for (const name of PACKAGES) {
  const file = join(reportFolder, `${name}.api.md`);
  if (existsSync(file) && readFileSync(file, "utf8").trim() === "") {
    console.error(`✗ etc/${name}.api.md is empty`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
