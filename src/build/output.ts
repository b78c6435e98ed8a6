/**
 * Writing a build into its output folder. The plan is made first and refuses to overwrite a file
 * mixkit did not write; then files are written atomically, the stale files of the last build (and
 * only those) removed, and the manifest written last.
 */
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ProjectError, type ProjectProblem } from "../project/errors.js";
import { onDisk, previousFiles } from "./disk.js";
import { manifestFile } from "./layout.js";
import { writeArtifacts } from "./writer.js";

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

/** Removes `rel`'s folders that the removal left empty, up to (not including) the output folder. */
function pruneEmptyFolders(outDir: string, rel: string): void {
  const parts = rel.split("/").slice(0, -1);
  for (let i = parts.length; i > 0; i--) {
    const dir = path.join(outDir, ...parts.slice(0, i));
    if (readdirSync(dir).length > 0) return;
    rmdirSync(dir);
  }
}

/** Carries out a plan made by planOutput for the same files. */
export function applyOutput(
  outDir: string,
  files: ReadonlyMap<string, string>,
  plan: OutputPlan,
): void {
  const pick = (paths: readonly string[]) =>
    new Map(paths.map((rel) => [rel, files.get(rel) as string]));
  writeArtifacts(outDir, pick(plan.write.filter((rel) => rel !== manifestFile)));
  for (const rel of plan.remove) {
    rmSync(path.join(outDir, ...rel.split("/")));
    pruneEmptyFolders(outDir, rel);
  }
  if (plan.write.includes(manifestFile)) writeArtifacts(outDir, pick([manifestFile]));
}
