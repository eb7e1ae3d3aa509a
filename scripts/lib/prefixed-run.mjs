// Runs a command with its output line-prefixed (as turbo does), for scripts that run several at once.
import { spawn } from "node:child_process";

/** Writes a child's output line by line, each line prefixed, so two children's lines never mix mid-line. */
function prefixed(stream, out, prefix) {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) out.write(`${prefix}${line}\n`);
  });
  stream.on("end", () => {
    if (pending) out.write(`${prefix}${pending}\n`);
  });
}

/**
 * Runs `command args` in `cwd`, every output line prefixed with `prefix`. Resolves (never rejects) with its
 * exit code (1 when it could not start or a signal ended it), the signal if any, and its wall time in seconds.
 */
export function runPrefixed(command, args, { cwd, prefix }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    prefixed(child.stdout, process.stdout, prefix);
    prefixed(child.stderr, process.stderr, prefix);
    child.on("error", (error) => {
      process.stderr.write(`${prefix}could not start: ${error.message}\n`);
      resolve({ code: 1, signal: undefined, seconds: 0 });
    });
    child.on("close", (code, signal) => {
      resolve({ code: code ?? (signal ? 1 : 0), signal, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The closing table's line of one step: its name, `ok` or how it failed, and its time. */
export function statusLine(name, { code, signal, seconds }) {
  const status = code === 0 ? "ok" : `FAILED (${signal ?? `exit ${code}`})`;
  return `  ${name}: ${status} in ${seconds.toFixed(1)} s`;
}
