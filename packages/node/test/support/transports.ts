/**
 * The transports the parameterised end-to-end files run over: the spawned app-server on stdio, and a real
 * app-server listening on `ws://127.0.0.1:0` with a capability token (`createTestCodex({ transport })`).
 */
export const TRANSPORTS = ["stdio", "websocket"] as const;
