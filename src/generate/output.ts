/**
 * Writing a build into its output folder. The plan is made first and refuses to overwrite a file
 * mixkit did not write; then, as one transaction, files are written, the stale files of the last
 * build (and only those) removed, and the manifest written last.
 */
import path from "node:path";
import { ProjectError, type ProjectProblem } from "../project/errors.js";
import { onDisk, previousFiles } from "./disk.js";
import { manifestFile } from "./layout.js";
import { artifactTarget } from "./writer.js";
import { applyChanges, pruneEmptyFolders, type Change } from "./transaction.js";

export interface OutputPlan {
  /** New files and files whose text changes. */
  readonly write: readonly string[];
  readonly unchanged: readonly string[];
  /** Files the last build wrote that this one does not generate. */
  readonly remove: readonly string[];
}

/** What writing `files` into `outDir` changes; a ProjectError when it would clobber a file of yours. */
export function planOutput(outDir: string, files: ReadonlyMap<string, string>): OutputPlan {
  const previous = new Set(previousFiles(outDir));
  const problems: ProjectProblem[] = [];
  const write: string[] = [];
  const unchanged: string[] = [];
  for (const [rel, text] of files) {
    const found = onDisk(outDir, rel);
    if (found.kind === "other")
      problems.push({ at: rel, message: `cannot be written: ${found.what}` });
    else if (found.kind === "absent") write.push(rel);
    else if (found.text === text) unchanged.push(rel);
    else if (previous.has(rel) || rel === manifestFile) write.push(rel);
    else
      problems.push({
        at: rel,
        message: `exists and was not written by mixkit (${manifestFile} does not list it); move it away or delete it`,
      });
  }
  if (problems.length > 0) throw new ProjectError(problems);
  const remove = [...previous]
    .filter((rel) => !files.has(rel) && onDisk(outDir, rel).kind === "file")
    .sort();
  return { write, unchanged, remove };
}

/**
 * Carries out a plan made by planOutput for the same files, all or nothing: every file is staged
 * before any is replaced, stale files go only when every write succeeded, and the manifest comes
 * last, so it never lists a file that is not there. On a failure the folder is as it was.
 */
export function applyOutput(
  outDir: string,
  files: ReadonlyMap<string, string>,
  plan: OutputPlan,
): void {
  const writes = (paths: readonly string[]): Change[] =>
    paths.map((rel) => ({ write: artifactTarget(outDir, rel), text: files.get(rel) as string }));
  applyChanges([
    ...writes(plan.write.filter((rel) => rel !== manifestFile)),
    ...plan.remove.map((rel): Change => ({ remove: artifactTarget(outDir, rel) })),
    ...writes(plan.write.filter((rel) => rel === manifestFile)),
  ]);
  // Folders the removals emptied; one left behind changes no build.
  for (const rel of plan.remove)
    pruneEmptyFolders(path.resolve(outDir), artifactTarget(outDir, rel));
}
