/**
 * `mixkit build`'s writing: the plan and its changes under the output folder's lock, all or
 * nothing, and every way it can fail (a file of yours in the way, a build that holds the lock, a
 * folder that cannot be written) as a CliError of one line, which says the folder is as it was.
 */
import { hostname } from "node:os";
import { fileSystemErrorText, isFileSystemError } from "../generate/io-error.js";
import { LockBusyError, withOutputLock, type LockHolder } from "../generate/lock.js";
import { applyOutput, planOutput, type OutputPlan } from "../generate/output.js";
import { IncompleteUndoError } from "../generate/transaction.js";
import { ProjectError } from "../project/errors.js";
import { CliError } from "./command.js";
import type { Io } from "./io.js";
import { problemsMessage, shown, type LoadedProject } from "./project.js";

export const nothingWritten = "; nothing was written";

/** How long a build waits for another to finish writing: MIXKIT_LOCK_WAIT seconds, 30 by default. */
export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env["MIXKIT_LOCK_WAIT"] ?? "30");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
}

function holderText(holder: LockHolder | undefined): string {
  if (holder === undefined) return "a process that did not say which";
  return holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
}

/** The error a failure to write is reported as. */
function reported(io: Io, project: LoadedProject, err: unknown): unknown {
  const where = (file: string) => shown(io, file);
  if (err instanceof ProjectError)
    return new CliError(problemsMessage(project.out, err, nothingWritten));
  if (err instanceof LockBusyError)
    return new CliError(
      `mixkit build: ${where(err.lock)} is held by ${holderText(err.holder)}, another mixkit build, ` +
        `which did not finish within ${err.waitedMs / 1000} s${nothingWritten}; if no build is running, delete the file`,
    );
  if (err instanceof IncompleteUndoError && isFileSystemError(err.cause))
    return new CliError(
      `mixkit build: ${fileSystemErrorText(err.cause, where)}, and ${err.notRestored.length} files ` +
        `could not be put back (${err.notRestored.map(where).join(", ")}); restore ${project.out} from version control`,
    );
  if (isFileSystemError(err))
    return new CliError(`mixkit build: ${fileSystemErrorText(err, where)}${nothingWritten}`);
  return err;
}

/** Writes what changed; the plan it carried out. */
export async function writeOutput(io: Io, project: LoadedProject): Promise<OutputPlan> {
  try {
    return await withOutputLock(
      project.outDir,
      {
        waitMs: lockWaitMs(),
        onWait: (lock, holder) =>
          io.err(
            `mixkit build: waiting for ${shown(io, lock)}, held by ${holderText(holder)} (another mixkit build)`,
          ),
        onTakeOver: (lock, holder) =>
          io.err(
            `mixkit build: took over ${shown(io, lock)} from ${holderText(holder)}, which is no longer running`,
          ),
      },
      () => {
        // Planned under the lock: the manifest it reads is the one the last writer left.
        const plan = planOutput(project.outDir, project.build.files);
        applyOutput(project.outDir, project.build.files, plan);
        return plan;
      },
    );
  } catch (err) {
    throw reported(io, project, err);
  }
}
