/**
 * Writes an artifact set (relative path -> text) atomically: each file goes to a temp file beside it
 * and is renamed into place, so a reader never sees a half-written file. Paths are checked first, so a
 * bad path writes nothing.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export class ArtifactPathError extends Error {
  override readonly name = "ArtifactPathError";
}

export function writeArtifacts(dir: string, artifacts: ReadonlyMap<string, string>): string[] {
  const root = path.resolve(dir);
  const targets = [...artifacts.keys()].sort().map((rel) => {
    const target = path.resolve(root, rel);
    if (path.isAbsolute(rel) || !target.startsWith(root + path.sep)) {
      throw new ArtifactPathError(
        `artifact path ${JSON.stringify(rel)} must be relative and stay inside ${root}`,
      );
    }
    return { rel, target };
  });
  for (const { rel, target } of targets) {
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, artifacts.get(rel) as string);
      renameSync(temp, target);
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }
  return targets.map((t) => t.rel);
}
