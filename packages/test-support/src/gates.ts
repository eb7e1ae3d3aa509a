/**
 * Holding an intermediate state until the test has observed it. A {@link Gate} holds a scripted reply (or
 * any step a test controls); a {@link HeldCommand} is a shell command the app-server runs that keeps running
 * until the test releases it. Neither depends on how fast the machine is.
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A promise the test opens when it is ready. */
export interface Gate {
  /** Resolves once {@link Gate.open} was called. */
  readonly opened: Promise<void>;
  /** Whether it was opened. */
  readonly isOpen: boolean;
  /** Opens the gate (again: no effect). */
  open(): void;
}

/**
 * A closed gate, e.g. to hold a scripted reply until the test has seen what comes before it:
 * `Reply.dynamic(async () => { await gate.opened; return Reply.message("done"); })`.
 */
export function gate(): Gate {
  let open!: () => void;
  let isOpen = false;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    opened,
    get isOpen() {
      return isOpen;
    },
    open() {
      isOpen = true;
      open();
    },
  };
}

/** A shell command that runs until the test releases it. */
export interface HeldCommand {
  /** The command line, e.g. for `Reply.execCommand(held.command)`. */
  readonly command: string;
  /** Lets the command finish (it prints `released` and exits 0). */
  release(): Promise<void>;
}

/**
 * A command that waits, in `dir` (its working directory when it runs: usually the thread's workspace), for a
 * file named `name` to exist, then prints `released`. The test creates the file with
 * {@link HeldCommand.release} once it has observed what it needs while the command runs (its "running"
 * progress, its approval, its pid…).
 */
export function heldCommand(dir: string, name = "release-me"): HeldCommand {
  if (!/^[\w.-]+$/.test(name))
    throw new Error(`heldCommand: ${JSON.stringify(name)} is not a plain file name`);
  return {
    command: `until [ -e ${name} ]; do sleep 0.02; done; echo released`,
    release: () => writeFile(join(dir, name), ""),
  };
}
