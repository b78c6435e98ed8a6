/**
 * A cache of stripped TypeScript, so a config that did not change costs a file read and a hash, not
 * a transform. It lives where build tools keep theirs, in the project's `node_modules/.cache`
 * (nothing is written beside the user's files, and a folder in /tmp could be planted by another
 * user), one entry per source file: `<hash of the path>.js`, whose first line names the hash of the
 * source it was made from and the stripper's version. An entry for another source is a miss;
 * entries are written to a temporary file and renamed, so a reader never sees half of one, and a
 * cache that cannot be written (a read-only install) is simply not used.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * A cache folder of mixkit's for a file: `node_modules/.cache/mixkit/<kind>` of its nearest
 * project, or under MIXKIT_CACHE_DIR (none when that is empty).
 */
export function cacheDirFor(file: string, kind = "strip"): string | undefined {
  const fromEnv = process.env["MIXKIT_CACHE_DIR"];
  if (fromEnv !== undefined) return fromEnv === "" ? undefined : path.join(fromEnv, kind);
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, "node_modules");
    if (existsSync(modules)) return path.join(modules, ".cache", "mixkit", kind);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * `make(source)` for `file`, from the cache when an entry was made from this very source by this
 * very `maker` (a name and version).
 */
export function cached(
  file: string,
  source: string,
  maker: string,
  make: (source: string) => string,
): string {
  const dir = cacheDirFor(file);
  if (dir === undefined) return make(source);
  const entry = path.join(dir, `${sha256(file)}.js`);
  const header = `// ${sha256(source)} ${maker}\n`;
  try {
    const text = readFileSync(entry, "utf8");
    if (text.startsWith(header)) return text.slice(header.length);
  } catch {
    // no entry yet
  }
  const code = make(source);
  const temp = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, header + code);
    renameSync(temp, entry);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder is not there to hold it either
    }
  }
  return code;
}
