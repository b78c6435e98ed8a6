/**
 * Replacing files as one step: every new text is first staged in a temp file beside its target
 * (which proves the folder is writable and the disk has room) before any target is touched; then
 * the targets are replaced and removed by renames, each undone if a later one fails; the old texts
 * are dropped only when all succeeded. A failure leaves every target as it was.
 */
import {
  accessSync,
  constants,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { about } from "./io-error.js";

/** One step of a transaction, on absolute paths. */
export type Change =
  { readonly write: string; readonly text: string } | { readonly remove: string };

const suffix = (kind: string) => `.${process.pid}.mixkit-${kind}`;

interface Staged {
  readonly change: Change;
  readonly temp?: string;
}

/**
 * Removes the folders this transaction created (`roots`, each the first of a `mkdir -p`) and the
 * folders under them on the way to `files`, deepest first, where they are empty.
 */
function removeCreated(roots: readonly string[], files: readonly string[]): void {
  const dirs = new Set<string>();
  for (const file of files)
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const root = roots.find((r) => dir === r || dir.startsWith(r + path.sep));
      if (root === undefined) break;
      dirs.add(dir);
      if (dir === root) break;
    }
  for (const dir of [...dirs].sort((a, b) => b.length - a.length))
    try {
      rmdirSync(dir);
    } catch {
      // not empty (a file of someone else's went there): not ours to force
    }
}

/** Removes the temp files of `staged` and the folders made for them. */
function discard(staged: readonly Staged[], created: readonly string[]): void {
  for (const s of staged) if (s.temp !== undefined) rmSync(s.temp, { force: true });
  removeCreated(
    created,
    staged.flatMap((s) => ("write" in s.change ? [s.change.write] : [])),
  );
}

/** Writes every temp file; on a failure removes what it made and throws. */
function stage(changes: readonly Change[], created: string[]): Staged[] {
  const staged: Staged[] = [];
  try {
    for (const change of changes) {
      if ("remove" in change) {
        // Removing is a rename in the file's folder: it must be writable.
        try {
          accessSync(path.dirname(change.remove), constants.W_OK | constants.X_OK);
        } catch (err) {
          throw about(err, change.remove, "unlink");
        }
        staged.push({ change });
        continue;
      }
      const folder = mkdirSync(path.dirname(change.write), { recursive: true });
      if (folder !== undefined) created.push(folder);
      const temp = change.write + suffix("staged");
      staged.push({ change, temp });
      try {
        writeFileSync(temp, change.text);
      } catch (err) {
        throw about(err, change.write, "write");
      }
    }
  } catch (err) {
    discard(staged, created);
    throw err;
  }
  return staged;
}

/** A done step and how to undo it. */
interface Done {
  readonly target: string;
  /** The old file, kept until the end. */
  readonly backup?: string;
}

/**
 * A transaction failed and could not put back every file it had changed (a second failure while
 * undoing): the folder is partly changed, and these files are not as they were.
 */
export class IncompleteUndoError extends Error {
  override readonly name = "IncompleteUndoError";
  constructor(
    override readonly cause: unknown,
    readonly notRestored: readonly string[],
  ) {
    super(`${(cause as Error).message}; not restored: ${notRestored.join(", ")}`);
  }
}

/** Undoes `done`, latest first; the targets it could not restore. */
function undo(done: readonly Done[]): string[] {
  const failed: string[] = [];
  for (const { target, backup } of [...done].reverse())
    try {
      if (backup !== undefined) renameSync(backup, target);
      else rmSync(target, { force: true });
    } catch {
      failed.push(target);
    }
  return failed;
}

/** Keeps the file at `target`, if any, under another name as well, to undo with. */
function keep(target: string): string | undefined {
  const found = lstatSync(target, { throwIfNoEntry: false });
  // A folder in the way is not moved aside: the rename onto it fails, and that is the error.
  if (found === undefined || found.isDirectory()) return undefined;
  const backup = target + suffix("old");
  rmSync(backup, { force: true });
  try {
    linkSync(target, backup);
  } catch {
    // A file system without hard links: the file is absent for a moment instead.
    renameSync(target, backup);
  }
  return backup;
}

/** Replaces `target` by its staged `temp`; on a failure it is as it was. */
function replace(target: string, temp: string): Done {
  const backup = keep(target);
  try {
    renameSync(temp, target);
  } catch (err) {
    if (backup !== undefined) {
      if (lstatSync(target, { throwIfNoEntry: false }) === undefined) renameSync(backup, target);
      else rmSync(backup, { force: true });
    }
    throw err;
  }
  return backup === undefined ? { target } : { target, backup };
}

/**
 * Carries out `changes` in order, all or none: on a failure every target is as it was, and the
 * error thrown names the target (not a temp file).
 */
export function applyChanges(changes: readonly Change[]): void {
  const created: string[] = [];
  const staged = stage(changes, created);
  const done: Done[] = [];
  try {
    for (const { change, temp } of staged) {
      if ("remove" in change) {
        const backup = change.remove + suffix("old");
        try {
          renameSync(change.remove, backup);
        } catch (err) {
          throw about(err, change.remove, "unlink");
        }
        done.push({ target: change.remove, backup });
      } else {
        try {
          done.push(replace(change.write, temp as string));
        } catch (err) {
          throw about(err, change.write, "write");
        }
      }
    }
  } catch (err) {
    const notRestored = undo(done);
    discard(staged, created);
    throw notRestored.length === 0 ? err : new IncompleteUndoError(err, notRestored);
  }
  for (const { backup } of done)
    if (backup !== undefined)
      try {
        rmSync(backup, { force: true });
      } catch {
        // the new files are in place; a leftover old copy does not change the build
      }
}

/** Removes the folders of `file` that are empty, up to (not including) `root`; best effort. */
export function pruneEmptyFolders(root: string, file: string): void {
  for (let dir = path.dirname(file); dir !== root && dir.startsWith(root + path.sep);) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}
