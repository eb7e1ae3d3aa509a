import { InternalRpcError, InvalidRequestError, JsonRpcError } from "@codexkit/core";

/** The operating-system error a {@link FsError} reports, by its POSIX name, where codex's message names one. */
export type FsErrorCode = "ENOENT" | "ENOTDIR" | "EISDIR" | "EEXIST" | "ENOTEMPTY" | "EACCES" | "EROFS";

/** codex reports the host's error text (Rust's `io::Error`): its strerror, then `(os error N)`. */
/** Only a message that ends in the host error's `(os error N)` names one (not, say, "requires recursive: true when sourcePath is a directory"). */
const OS_ERROR = /\(os error \d+\)/;
const OS_ERRORS: ReadonlyArray<[RegExp, FsErrorCode]> = [
  [/no such file or directory|cannot find the (file|path)/i, "ENOENT"],
  [/not a directory/i, "ENOTDIR"],
  [/is a directory/i, "EISDIR"],
  [/file exists|already exists/i, "EEXIST"],
  [/directory not empty|directory is not empty/i, "ENOTEMPTY"],
  [/permission denied|access is denied|operation not permitted/i, "EACCES"],
  [/read-only file system/i, "EROFS"],
];

/**
 * A `codex.fs` operation failed on the app-server's host: the path does not exist, is of the wrong kind, is
 * not permitted, … It is the server's {@link JsonRpcError} (same `code`, `rpcCode`, `rpcMessage`) with the
 * path and, when the server's message names it, the operating-system error as {@link FsError.osCode}.
 *
 * @example
 * ```ts
 * try {
 *   await codex.fs.readFile("/srv/app/missing.txt");
 * } catch (error) {
 *   if (error instanceof FsError && error.osCode === "ENOENT") console.log("not there");
 * }
 * ```
 */
export class FsError extends JsonRpcError {
  /** The path the operation was about (the source, for `copy`). */
  readonly path: string;
  /** The operating-system error, e.g. `"ENOENT"`, when codex's message names one. */
  readonly osCode: FsErrorCode | undefined;

  constructor(path: string, error: JsonRpcError) {
    super(error.rpcCode, error.rpcMessage, {
      data: error.data,
      ...(error.method === undefined ? {} : { method: error.method }),
      code: error.code,
      cause: error,
    });
    this.path = path;
    this.osCode = !OS_ERROR.test(error.rpcMessage)
      ? undefined
      : OS_ERRORS.find(([pattern]) => pattern.test(error.rpcMessage))?.[1];
    this.message = `${error.method ?? "fs"} ${path}: ${error.rpcMessage}`;
  }
}

/**
 * A `.catch` handler for `fs/*` requests: the server's refusal of the operation (-32600 or -32603) becomes a
 * {@link FsError} about `path`; overload, a closed connection and the like pass through unchanged.
 */
export function rethrowFsError(path: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof InvalidRequestError || error instanceof InternalRpcError)
      throw new FsError(path, error);
    throw error;
  };
}
