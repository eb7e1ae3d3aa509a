import type { protocol } from "@codexkit/core";
import { rethrowFsError } from "../client/errors.js";
import { bytesOf, fromBase64, toBase64 } from "../internal/base64.js";
import {
  checkAbsolutePath,
  checkBooleans,
  checkData,
  checkOptionsObject,
  checkSignal,
} from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";
import { FsWatch } from "./fs-watch.js";

/** What {@link Fs.getMetadata} reports about a path (`fs/getMetadata`). */
export type FsMetadata = protocol.v2.FsGetMetadataResponse;
/** One child of a directory, from {@link Fs.readDirectory}: its name and whether it is a file or a directory. */
export type FsDirectoryEntry = protocol.v2.FsReadDirectoryEntry;

/** Options of every `codex.fs` call. */
export interface FsCallOptions {
  /** Stops waiting for the answer (rejects with `AbortError`); the server may still complete the operation. */
  signal?: AbortSignal;
}

/** Options of {@link Fs.createDirectory}. */
export interface FsCreateDirectoryOptions extends FsCallOptions {
  /** Create missing parent directories too. Default `true` (as codex). */
  recursive?: boolean;
}

/** Options of {@link Fs.remove}. */
export interface FsRemoveOptions extends FsCallOptions {
  /** Remove a directory with everything in it. Default `true` (as codex). */
  recursive?: boolean;
  /** A missing path is not an error. Default `true` (as codex). */
  force?: boolean;
}

/** Options of {@link Fs.copy}. */
export interface FsCopyOptions extends FsCallOptions {
  /** Copy a directory tree; required when the source is a directory. Default `false`. */
  recursive?: boolean;
}

/**
 * Files on the **app-server's host** (`fs/*`): with a remote server (`wss://…`) that is the remote machine,
 * the one where Codex's agent reads and changes files, not the machine running this code. Paths must be
 * absolute on that host. Failures reject with {@link FsError} (`osCode: "ENOENT"`, …); bad arguments with
 * `InvalidInputError` before anything is sent. Reached as `codex.fs`.
 *
 * @example
 * ```ts
 * await using codex = new Codex({ url: "wss://codex.internal:4500", token });
 * await codex.fs.writeFile("/srv/app/NOTES.md", "# Notes\n");
 * const text = new TextDecoder().decode(await codex.fs.readFile("/srv/app/NOTES.md"));
 * ```
 */
export class Fs {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /** Reads a file's bytes (`fs/readFile`). */
  async readFile(path: string, options: FsCallOptions = {}): Promise<Uint8Array> {
    checkAbsolutePath(path, "path");
    checkCallOptions(options, "readFile options");
    const { dataBase64 } = await (await this.session())
      .request("fs/readFile", { path }, callOptions(options))
      .catch(rethrowFsError(path));
    return fromBase64(dataBase64);
  }

  /**
   * Reads a file as UTF-8 text (`fs/readFile`).
   *
   * @example
   * ```ts
   * const pkg = JSON.parse(await codex.fs.readTextFile("/srv/app/package.json"));
   * ```
   */
  async readTextFile(path: string, options: FsCallOptions = {}): Promise<string> {
    return new TextDecoder().decode(await this.readFile(path, options));
  }

  /**
   * Writes a file, replacing it if it exists (`fs/writeFile`); a string is written as UTF-8. The parent
   * directory must exist (see {@link Fs.createDirectory}).
   *
   * @example
   * ```ts
   * await codex.fs.writeFile("/srv/app/data.bin", new Uint8Array([0, 1, 2]));
   * ```
   */
  async writeFile(path: string, data: string | Uint8Array, options: FsCallOptions = {}): Promise<void> {
    checkAbsolutePath(path, "path");
    checkData(data, "data");
    checkCallOptions(options, "writeFile options");
    await (await this.session())
      .request("fs/writeFile", { path, dataBase64: toBase64(bytesOf(data)) }, callOptions(options))
      .catch(rethrowFsError(path));
  }

  /**
   * Lists a directory's direct children (`fs/readDirectory`): names only, with whether each is a file or a
   * directory.
   *
   * @example
   * ```ts
   * const names = (await codex.fs.readDirectory("/srv/app")).map((entry) => entry.fileName);
   * ```
   */
  async readDirectory(path: string, options: FsCallOptions = {}): Promise<FsDirectoryEntry[]> {
    checkAbsolutePath(path, "path");
    checkCallOptions(options, "readDirectory options");
    const { entries } = await (await this.session())
      .request("fs/readDirectory", { path }, callOptions(options))
      .catch(rethrowFsError(path));
    return entries;
  }

  /**
   * Whether the path is a file, a directory or a symbolic link, and its times in Unix ms (`fs/getMetadata`;
   * `createdAtMs` is `0` where the host does not record it).
   *
   * @example
   * ```ts
   * const { isFile, modifiedAtMs } = await codex.fs.getMetadata("/srv/app/package.json");
   * ```
   */
  async getMetadata(path: string, options: FsCallOptions = {}): Promise<FsMetadata> {
    checkAbsolutePath(path, "path");
    checkCallOptions(options, "getMetadata options");
    return (await this.session())
      .request("fs/getMetadata", { path }, callOptions(options))
      .catch(rethrowFsError(path));
  }

  /**
   * Whether anything exists at the path (`fs/getMetadata`, with "not found" read as `false`).
   *
   * @example
   * ```ts
   * if (!(await codex.fs.exists("/srv/app/node_modules"))) await codex.exec(["npm", "ci"], { cwd: "/srv/app" });
   * ```
   */
  async exists(path: string, options: FsCallOptions = {}): Promise<boolean> {
    try {
      await this.getMetadata(path, options);
      return true;
    } catch (error) {
      if ((error as { osCode?: unknown }).osCode === "ENOENT") return false;
      throw error;
    }
  }

  /**
   * Creates a directory, with its missing parents unless `recursive: false` (`fs/createDirectory`).
   *
   * @example
   * ```ts
   * await codex.fs.createDirectory("/srv/app/out/reports");
   * ```
   */
  async createDirectory(path: string, options: FsCreateDirectoryOptions = {}): Promise<void> {
    checkAbsolutePath(path, "path");
    checkCallOptions(options, "createDirectory options");
    checkBooleans(options, ["recursive"]);
    await (await this.session())
      .request("fs/createDirectory", { path, recursive: options.recursive ?? true }, callOptions(options))
      .catch(rethrowFsError(path));
  }

  /**
   * Removes a file or a directory tree (`fs/remove`). As codex, a directory goes with its contents and a
   * missing path is not an error unless `recursive: false` / `force: false` say otherwise.
   *
   * @example
   * ```ts
   * await codex.fs.remove("/srv/app/out");
   * ```
   */
  async remove(path: string, options: FsRemoveOptions = {}): Promise<void> {
    checkAbsolutePath(path, "path");
    checkCallOptions(options, "remove options");
    checkBooleans(options, ["recursive", "force"]);
    await (await this.session())
      .request(
        "fs/remove",
        { path, recursive: options.recursive ?? true, force: options.force ?? true },
        callOptions(options),
      )
      .catch(rethrowFsError(path));
  }

  /**
   * Copies a file, or with `recursive: true` a directory tree, on the server's host (`fs/copy`).
   *
   * @example
   * ```ts
   * await codex.fs.copy("/srv/app/src", "/srv/backup/src", { recursive: true });
   * ```
   */
  async copy(sourcePath: string, destinationPath: string, options: FsCopyOptions = {}): Promise<void> {
    checkAbsolutePath(sourcePath, "sourcePath");
    checkAbsolutePath(destinationPath, "destinationPath");
    checkCallOptions(options, "copy options");
    checkBooleans(options, ["recursive"]);
    await (await this.session())
      .request(
        "fs/copy",
        { sourcePath, destinationPath, recursive: options.recursive ?? false },
        callOptions(options),
      )
      .catch(rethrowFsError(sourcePath));
  }

  /**
   * Watches a file or directory for changes (`fs/watch`). Resolves once the server watches, so every change
   * after that is seen; iterate the {@link FsWatch} to get them. Leaving the loop (`break`, `return`, an
   * exception), `watch.close()` or aborting `signal` unwatches (`fs/unwatch`). A path that does not exist yet
   * can be watched. The watch ends with the close error if the connection to the server closes.
   *
   * @example
   * ```ts
   * const watch = await codex.fs.watch("/srv/app/src", { signal: AbortSignal.timeout(60_000) });
   * for await (const change of watch) {
   *   console.log("changed:", change.changedPaths);
   *   if (change.changedPaths.some((path) => path.endsWith(".ts"))) break; // unwatches
   * }
   * ```
   */
  async watch(path: string, options: FsCallOptions = {}): Promise<FsWatch> {
    checkAbsolutePath(path, "path");
    checkCallOptions(options, "watch options");
    return FsWatch.start(await this.session(), path, options.signal);
  }
}

function checkCallOptions(options: unknown, name: string): void {
  checkOptionsObject(options, name);
  checkSignal((options as FsCallOptions | undefined)?.signal);
}

/** Only the request options (`signal`) of an options object. */
function callOptions(options: FsCallOptions): FsCallOptions {
  return options.signal ? { signal: options.signal } : {};
}
