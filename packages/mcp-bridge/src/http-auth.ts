import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { ConfigurationError } from "./errors.js";

/** Shortest bearer token the bridge accepts from an operator. */
export const MIN_TOKEN_LENGTH = 16;

/** Where the HTTP bearer token(s) come from. */
export type HttpTokenSource =
  | {
      /** Generate one token at start-up. */
      kind: "generate";
    }
  | {
      /** Read the tokens from a file. */
      kind: "file";
      /** The file. */
      path: string;
    }
  | {
      /** Read the token from an environment variable. */
      kind: "env";
      /** The variable's name. */
      name: string;
    }
  | {
      /** No authentication (`--http-insecure-no-auth`). */
      kind: "none";
    };

/** A new random bearer token (256 bits, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Reads the tokens a source names: a file holds one token per line (blank lines and `#` comments
 * ignored; each line is one caller, so sessions of one token cannot be used with another); an environment
 * variable holds one token. Throws {@link ConfigurationError} (without the token) when it is missing or short.
 */
export function readTokens(
  source: Exclude<HttpTokenSource, { kind: "generate" | "none" }>,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  let tokens: string[];
  if (source.kind === "env") {
    const value = env[source.name]?.trim();
    if (!value)
      throw new ConfigurationError(`--http-token-env: environment variable ${source.name} is not set`);
    tokens = [value];
  } else {
    let text: string;
    try {
      text = readFileSync(source.path, "utf8");
    } catch (error) {
      throw new ConfigurationError(
        `--http-token-file: cannot read ${source.path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
    tokens = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    if (tokens.length === 0) throw new ConfigurationError(`--http-token-file: ${source.path} holds no token`);
  }
  if (tokens.some((token) => token.length < MIN_TOKEN_LENGTH || /\s/.test(token)))
    throw new ConfigurationError(
      `bearer tokens must be at least ${MIN_TOKEN_LENGTH} characters without spaces`,
    );
  return tokens;
}

/**
 * Checks `Authorization: Bearer <token>` against a set of tokens in constant time (SHA-256 digests
 * compared with `timingSafeEqual`, every token checked). Keeps only digests, never the tokens.
 */
export class BearerAuth {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    if (tokens.length === 0) throw new ConfigurationError("bearer authentication needs at least one token");
    this.digests = tokens.map(digest);
  }

  /** The index of the caller's token (its identity), or `undefined` when the request is not authenticated. */
  authenticate(req: IncomingMessage): number | undefined {
    const header = req.headers.authorization;
    const match = typeof header === "string" ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match) return undefined;
    const candidate = digest(match[1]!);
    let found: number | undefined;
    this.digests.forEach((known, index) => {
      if (timingSafeEqual(known, candidate) && found === undefined) found = index;
    });
    return found;
  }
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}
