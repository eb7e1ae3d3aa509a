/**
 * A signal name such as `"SIGTERM"`. Declared here rather than taken from `@types/node`, so the published
 * types do not need `@types/node`; every signal name Node.js knows is one.
 */
export type SignalName = `SIG${string}`;
