/** `gc()` whether or not node was started with `--expose-gc` (the bench script passes it). */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gcFn: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

export function hasExposedGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === "function";
}

/** Full GC, twice, with a macrotask in between so finalizers and weak callbacks settle. */
export async function forceGc(): Promise<void> {
  if (!gcFn) {
    setFlagsFromString("--expose-gc");
    gcFn = runInNewContext("gc") as () => void;
  }
  gcFn();
  await new Promise((resolve) => setImmediate(resolve));
  gcFn();
}
