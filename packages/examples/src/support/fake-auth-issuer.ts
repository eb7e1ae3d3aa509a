/**
 * A stand-in for the ChatGPT sign-in service (`auth.openai.com`), just enough of its device-code endpoints
 * for an offline device-code login to start: codex asks it for a user code and then polls for the user to
 * finish. Point the app-server at it with `CODEX_APP_SERVER_LOGIN_ISSUER`. It never completes a login:
 * the poll answers "still pending" or, with `poll: "deny"`, refuses.
 *
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Options of {@link startFakeAuthIssuer}. */
export interface FakeAuthIssuerOptions {
  /** The one-time code handed out. Default `CDXK-2468`. */
  userCode?: string;
  /** How token polls are answered: `"pending"` (HTTP 403, keep polling) or `"deny"` (HTTP 400). */
  poll?: "pending" | "deny";
  /** Seconds codex waits between polls. Default 1. */
  intervalSeconds?: number;
}

/** One request the issuer received. */
export interface IssuerRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/** A running fake issuer. */
export interface FakeAuthIssuer extends AsyncDisposable {
  /** Its origin, e.g. `http://127.0.0.1:40123`: the value for `CODEX_APP_SERVER_LOGIN_ISSUER`. */
  readonly url: string;
  readonly userCode: string;
  /** Every request, in order. */
  readonly requests: readonly IssuerRequest[];
  /** Token polls received so far. */
  readonly polls: number;
  close(): Promise<void>;
}

export async function startFakeAuthIssuer(options: FakeAuthIssuerOptions = {}): Promise<FakeAuthIssuer> {
  const userCode = options.userCode ?? "CDXK-2468";
  const requests: IssuerRequest[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests.push({ method: req.method ?? "GET", path, body });
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "POST" && path === "/api/accounts/deviceauth/usercode") {
      reply(200, {
        device_auth_id: "deviceauth_example",
        user_code: userCode,
        interval: String(options.intervalSeconds ?? 1),
      });
    } else if (req.method === "POST" && path === "/api/accounts/deviceauth/token") {
      if (options.poll === "deny") reply(400, { error: "access_denied" });
      else reply(403, { error: "authorization_pending" });
    } else {
      reply(404, { error: "not_found" });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    url,
    userCode,
    requests,
    get polls() {
      return requests.filter((request) => request.path === "/api/accounts/deviceauth/token").length;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
