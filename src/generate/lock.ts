/**
 * One writer at a time in an output folder: a lock file created exclusively in the folder, holding
 * the writer's pid and host. A second build waits for it (bounded), and a lock whose pid is no
 * longer running on this host is taken over. Held only while the plan is made and carried out,
 * which takes milliseconds; the slow part of a build (loading, validating) runs unlocked. Ctrl-C
 * while it is held takes effect once it is released (signals.ts).
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { about } from "./io-error.js";
import { lockFile } from "./layout.js";
import { holdSignals } from "./signals.js";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
}

/** The lock stayed held by a running process for the whole wait. */
export class LockBusyError extends Error {
  override readonly name = "LockBusyError";
  constructor(
    readonly lock: string,
    /** Undefined when the lock file does not say (being written, or not mixkit's). */
    readonly holder: LockHolder | undefined,
    readonly waitedMs: number,
  ) {
    super(`${lock} is held by ${holder === undefined ? "another process" : `pid ${holder.pid}`}`);
  }
}

export interface LockOptions {
  /** How long to wait for a running holder before giving up. */
  readonly waitMs: number;
  /** Called once, when the lock is held by a running process and the wait begins. */
  readonly onWait?: (lock: string, holder: LockHolder | undefined) => void;
  /** Called when the lock of a process that is gone was taken over. */
  readonly onTakeOver?: (lock: string, holder: LockHolder | undefined) => void;
}

/** A lock file younger than this that does not parse is being written, not abandoned. */
const unparsedGrace = 2000;
const poll = 50;

/** The holder a lock file's text names, or undefined when it names none. */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const doc = JSON.parse(text) as { pid?: unknown; host?: unknown };
    if (Number.isInteger(doc.pid) && typeof doc.host === "string")
      return { pid: doc.pid as number, host: doc.host };
  } catch {
    // not a lock of ours, or half written
  }
  return undefined;
}

/** Whether `holder` may still be running: another host's pid cannot be checked, so yes. */
function running(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** The lock file's text, or undefined when there is none. */
function readLock(lock: string): string | undefined {
  try {
    return readFileSync(lock, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Creates the lock with `text` unless it exists. */
function create(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch (err) {
    // ENOENT: the folder was removed since (by a failed first build beside this one); try again.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOENT") return false;
    throw about(err, file, "write");
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    // A full disk: no lock of nobody's left behind.
    closeSync(fd);
    rmSync(file, { force: true });
    throw about(err, file, "write");
  }
  closeSync(fd);
  return true;
}

const ageMs = (file: string) =>
  Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);

/**
 * Removes the lock if it still holds `seen`. Two builds may find the same abandoned lock: a second
 * lock file, taken exclusively, lets only one of them look and remove, so neither removes the
 * lock the other has just made.
 */
function removeAbandoned(lock: string, seen: string): boolean {
  const guard = `${lock}.takeover`;
  if (!create(guard, String(process.pid))) {
    // Another build is taking over; its guard lives microseconds unless that build died in it.
    if (ageMs(guard) > unparsedGrace) rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readLock(lock) !== seen) return false;
    rmSync(lock);
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

/**
 * Runs `body` holding the lock of `outDir` (created, with its parents, when missing; removed again
 * when the body fails and leaves it empty). The lock is released on every way out of the body.
 */
export async function withOutputLock<T>(
  outDir: string,
  options: LockOptions,
  body: () => T,
): Promise<T> {
  const folder = path.resolve(outDir);
  const lock = path.join(folder, lockFile);
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), by: "mixkit build" })}\n`;
  const deadline = Date.now() + options.waitMs;
  let created: string | undefined;
  let waiting = false;
  // From before the lock is taken until it is released: a Ctrl-C then ends the build after.
  const signals = holdSignals();
  try {
    for (;;) {
      // Every round: a failed first build beside this one may have just removed the folder.
      const made = mkdirSync(folder, { recursive: true });
      created ??= made;
      if (create(lock, mine)) break;
      const text = readLock(lock);
      if (text === undefined) continue; // released just now
      const holder = parseHolder(text);
      const abandoned = holder === undefined ? ageMs(lock) > unparsedGrace : !running(holder);
      if (abandoned && removeAbandoned(lock, text)) {
        options.onTakeOver?.(lock, holder);
        continue;
      }
      if (Date.now() >= deadline) throw new LockBusyError(lock, holder, options.waitMs);
      if (!waiting) options.onWait?.(lock, holder);
      waiting = true;
      await sleep(poll);
      // Stopped while waiting: nothing is held, so stop now.
      if (signals.ending()) throw new Error("interrupted");
    }
  } catch (err) {
    if (created !== undefined) removeEmptyUpTo(folder, created);
    await signals.settle();
    throw err;
  }
  try {
    return body();
  } finally {
    release(lock, mine);
    if (created !== undefined) removeEmptyUpTo(folder, created);
    await signals.settle();
  }
}

/** Removes the lock if it is still ours (it may have been deleted by hand, and taken since). */
function release(lock: string, mine: string): void {
  try {
    if (readLock(lock) === mine) rmSync(lock, { force: true });
  } catch {
    // unreadable now: nothing of ours to release that we can see
  }
}

/** Removes `dir` and its parents up to `top`, as long as they are empty (a failed first build). */
function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = dir; d === top || d.startsWith(top + path.sep); d = path.dirname(d))
    try {
      rmdirSync(d);
    } catch {
      return;
    }
}
