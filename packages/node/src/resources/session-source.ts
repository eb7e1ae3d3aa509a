import type { Session } from "../session.js";

/**
 * @internal How a resource namespace (`codex.fs`, `codex.mcp`, …) reaches the app-server: the client's
 * connect-on-first-use, which starts it (or restarts an idle-stopped one) and resolves with the live session.
 */
export type SessionSource = () => Promise<Session>;
