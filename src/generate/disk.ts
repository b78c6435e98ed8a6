/**
 * What is in an output folder now: the files a build would write, and the manifest of the last build.
 * Reads only; paths are relative to the folder, with `/` separators.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ProjectError } from "../project/errors.js";
import { manifestFile } from "./layout.js";
import { parseManifest } from "./manifest.js";

export type OnDisk =
  | { readonly kind: "absent" }
  | { readonly kind: "file"; readonly text: string }
  | { readonly kind: "other"; readonly what: string };

const abs = (outDir: string, rel: string) => path.join(outDir, ...rel.split("/"));

/** The file at `rel`, whether it is missing, or what else is in its way (a folder, a file as a parent). */
export function onDisk(outDir: string, rel: string): OnDisk {
  const folder = statSync(outDir, { throwIfNoEntry: false });
  if (folder === undefined) return { kind: "absent" };
  if (!folder.isDirectory()) return { kind: "other", what: `${outDir} is not a folder` };
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join("/");
    const stat = statSync(abs(outDir, parent), { throwIfNoEntry: false });
    if (stat === undefined) return { kind: "absent" };
    if (!stat.isDirectory()) return { kind: "other", what: `${parent} is a file, not a folder` };
  }
  const stat = statSync(abs(outDir, rel), { throwIfNoEntry: false });
  if (stat === undefined) return { kind: "absent" };
  if (!stat.isFile()) return { kind: "other", what: `${rel} is not a regular file` };
  return { kind: "file", text: readFileSync(abs(outDir, rel), "utf8") };
}

/** A manifest entry must name a file inside the folder: a hand-edited `../x` is never removed. */
function isInside(rel: string): boolean {
  return (
    rel !== "" &&
    !path.isAbsolute(rel) &&
    !rel.includes("\\") &&
    rel.split("/").every((p) => p !== "" && p !== "." && p !== "..")
  );
}

/** The files the last build wrote (none before the first), or a ProjectError for a broken manifest. */
export function previousFiles(outDir: string): readonly string[] {
  const found = onDisk(outDir, manifestFile);
  if (found.kind === "absent") return [];
  const problem = (message: string) =>
    new ProjectError([
      {
        at: manifestFile,
        message: `${message}; mixkit cannot tell its files from yours. Restore it from version control, or delete it and build again`,
      },
    ]);
  if (found.kind === "other") throw problem(found.what);
  const files = parseManifest(found.text);
  if ("error" in files) throw problem(files.error);
  const outside = files.find((f) => !isInside(f));
  if (outside !== undefined)
    throw problem(`it lists ${JSON.stringify(outside)}, which is not a file inside the folder`);
  return files;
}
