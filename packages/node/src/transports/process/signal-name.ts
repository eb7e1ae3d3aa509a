/**
 * A signal name such as `"SIGTERM"`. Declared here, not as `NodeJS.Signals`, so the published types do not
 * need `@types/node`; every `NodeJS.Signals` value is one.
 */
export type SignalName = `SIG${string}`;
