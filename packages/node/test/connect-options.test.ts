import { Codex, createLinkedTransports, InvalidInputError } from "@codexkit/node";
import { describe, expect, it } from "vitest";

const TOKEN = "capability-token-0123456789";

describe("how a Codex connects is checked before anything starts", () => {
  const [transport] = createLinkedTransports();
  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      "url with codexPath",
      { url: "ws://127.0.0.1:1", codexPath: "/bin/codex" },
      /url cannot be combined with codexPath/,
    ],
    ["url with env and cwd", { url: "wss://h", env: {}, cwd: "/" }, /url cannot be combined with env, cwd/],
    [
      "command with url",
      { command: ["codex", "app-server"], url: "ws://h:1" },
      /command cannot be combined with url/,
    ],
    ["command with codexPath", { command: ["codex", "app-server"], codexPath: "x" }, /run verbatim/],
    ["an empty command", { command: [] }, /command must be a non-empty array/],
    ["a command with an empty part", { command: ["docker", ""] }, /command must be a non-empty array/],
    ["token without url", { token: TOKEN }, /token needs a url/],
    ["token with a unix socket", { url: "unix:///tmp/x.sock", token: TOKEN }, /no authentication/],
    ["token with a command", { command: ["x"], token: TOKEN }, /command cannot be combined with token/],
    ["a relative unix path", { url: "unix://x.sock" }, /absolute socket path/],
    ["an http url", { url: "http://127.0.0.1:1" }, /ws:\/\/, wss:\/\/ or unix:\/\//],
    ["a token in the url", { url: `ws://h:1/?token=${TOKEN}` }, /must not carry credentials/],
    ["credentials in the url", { url: `wss://user:${TOKEN}@h` }, /must not carry credentials/],
    ["a token with whitespace", { url: "ws://h:1", token: "a b" }, /without whitespace/],
    ["transport with url", { transport, url: "ws://h:1" }, /transport cannot be combined with url/],
    [
      "transport with codexHome",
      { transport, codexHome: "/tmp" },
      /transport cannot be combined with codexHome/,
    ],
    ["a transport that is not one", { transport: { send: 1 } }, /transport must be a Transport/],
    ["WebSocket without url", { WebSocket: class {} }, /WebSocket needs a url/],
    ["reconnect without url", { reconnect: true }, /reconnect needs a url/],
    ["reconnect with a custom transport", { transport, reconnect: { attempts: 2 } }, /reconnect needs a url/],
    [
      "reconnect with 0 attempts",
      { url: "ws://h:1", reconnect: { attempts: 0 } },
      /reconnect.attempts must be an integer >= 1/,
    ],
    [
      "reconnect with a negative delay",
      { url: "ws://h:1", reconnect: { initialDelayMs: -1 } },
      /reconnect.initialDelayMs/,
    ],
    [
      "reconnect with an unknown option",
      { url: "ws://h:1", reconnect: { retries: 3 } },
      /reconnect.retries is not an option/,
    ],
    ["reconnect that is a number", { url: "ws://h:1", reconnect: 3 }, /reconnect must be true, false/],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        new Codex(options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(TOKEN);
    });
  }

  it("accepts each way to connect on its own", () => {
    expect(() => new Codex()).not.toThrow();
    expect(() => new Codex({ url: "ws://127.0.0.1:4500", token: TOKEN })).not.toThrow();
    expect(() => new Codex({ url: "wss://codex.example.com/app" })).not.toThrow();
    expect(() => new Codex({ url: "wss://h", reconnect: true })).not.toThrow();
    expect(
      () => new Codex({ url: "unix:///run/c.sock", reconnect: { attempts: 3, jitterRatio: 0 } }),
    ).not.toThrow();
    expect(() => new Codex({ reconnect: false })).not.toThrow();
    expect(() => new Codex({ url: "unix:///run/codex/app-server.sock" })).not.toThrow();
    expect(
      () => new Codex({ command: ["docker", "exec", "-i", "box", "codex", "app-server"], cwd: "/" }),
    ).not.toThrow();
    expect(() => new Codex({ transport })).not.toThrow();
  });
});
