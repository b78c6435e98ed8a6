/**
 * The manifest of a build: the sorted list of files mixkit wrote into the output folder. A later build
 * removes the files it lists that are no longer generated, and never touches a file it does not list.
 */
import { formatJson } from "../dashboards/json-text.js";
import { manifestFile } from "./layout.js";

export function manifestText(files: Iterable<string>): string {
  const manifest = {
    generatedBy: "mixkit",
    note: "The files mixkit build wrote here. It removes them when they are no longer generated, and leaves every other file alone.",
    files: [...files].filter((f) => f !== manifestFile).sort(),
  };
  return formatJson(manifest);
}

/** The files a manifest lists, or an error message saying what is wrong with it. */
export function parseManifest(text: string): readonly string[] | { readonly error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON (${(err as Error).message})` };
  }
  const files = (doc as { files?: unknown } | null)?.files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === "string"))
    return { error: 'no "files" list of paths' };
  return files;
}
