/**
 * How an output folder differs from a build (`mixkit check`): generated files missing or changed
 * on disk, and files the last build wrote that the build would now remove.
 */
import { onDisk, previousFiles } from "./disk.js";

export type Drift =
  | { readonly kind: "missing"; readonly path: string }
  | {
      readonly kind: "changed";
      readonly path: string;
      /** What the build writes. */
      readonly expected: string;
      /** What is on disk (empty when it is not a readable file). */
      readonly actual: string;
    }
  | { readonly kind: "stale"; readonly path: string };

export function findDrift(outDir: string, files: ReadonlyMap<string, string>): Drift[] {
  const drift: Drift[] = [];
  for (const [path, expected] of files) {
    const found = onDisk(outDir, path);
    if (found.kind === "absent") drift.push({ kind: "missing", path });
    else if (found.kind === "other") drift.push({ kind: "changed", path, expected, actual: "" });
    else if (found.text !== expected)
      drift.push({ kind: "changed", path, expected, actual: found.text });
  }
  for (const path of previousFiles(outDir))
    if (!files.has(path) && onDisk(outDir, path).kind === "file")
      drift.push({ kind: "stale", path });
  return drift;
}
