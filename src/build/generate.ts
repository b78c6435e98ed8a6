/**
 * Writes the shipped artifacts into the repository (run by `npm run build`). Stale files of an
 * earlier build in `rules/` and `dashboards/` are removed, so the folders hold exactly the build.
 */
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { artifactRoots, shippedArtifacts } from "./shipped.js";
import { writeArtifacts } from "./writer.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  } catch {
    return [];
  }
}

const artifacts = shippedArtifacts();
const written = writeArtifacts(root, artifacts);
for (const stale of artifactRoots.flatMap((r) => filesUnder(path.join(root, r))))
  if (!artifacts.has(stale)) rmSync(path.join(root, stale));
console.log(`mixkit: wrote ${written.length} files under ${artifactRoots.join("/ and ")}/`);
