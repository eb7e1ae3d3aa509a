/**
 * `@codexkit/test-support`: what the codexkit packages' own test suites share. Private (never published):
 * the suite-wide time scale, waiting with scaled deadlines, gates that hold an intermediate state until a test
 * has observed it, process liveness, spawned processes and a raw JSONL client. The vitest tier configuration
 * is the separate entry `@codexkit/test-support/vitest`.
 *
 * @module
 */
export { codexCommand } from "./codex-binary.js";
export { type Gate, gate, type HeldCommand, heldCommand } from "./gates.js";
export { JsonlProcess, type JsonlProcessOptions, type JsonRpcLine } from "./jsonl-process.js";
export { commandLine, descendants, isRunning, killLeftovers, waitUntilGone } from "./processes.js";
export { type ChildExit, killSpawned, SpawnedProcess, type SpawnOptions } from "./spawned-process.js";
export { scaledTimeout, testTimeScale } from "./time-scale.js";
export { defaultWaitMs, errorOf, settlesWithin, waitFor, waitUntil } from "./waiting.js";
