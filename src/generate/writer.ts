/**
 * Writes an artifact set (relative path -> text) all or nothing: every file is staged beside its
 * target first, then renamed into place, so a reader never sees a half-written file and a failure
 * (a read-only folder, a full disk) leaves every file as it was. Paths are checked first, so a bad
 * path writes nothing.
 */
import path from "node:path";
import { applyChanges } from "./transaction.js";

export class ArtifactPathError extends Error {
  override readonly name = "ArtifactPathError";
}

/** The absolute path of `rel` in `dir`; an ArtifactPathError when it would leave the folder. */
export function artifactTarget(dir: string, rel: string): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, rel);
  if (path.isAbsolute(rel) || !target.startsWith(root + path.sep))
    throw new ArtifactPathError(
      `artifact path ${JSON.stringify(rel)} must be relative and stay inside ${root}`,
    );
  return target;
}

export function writeArtifacts(dir: string, artifacts: ReadonlyMap<string, string>): string[] {
  const rels = [...artifacts.keys()].sort();
  const changes = rels.map((rel) => ({
    write: artifactTarget(dir, rel),
    text: artifacts.get(rel) as string,
  }));
  applyChanges(changes);
  return rels;
}
