/**
 * Which modules are the user's, how a load of the config marks them, and where a TypeScript-style
 * specifier (`./alerts.js` for `./alerts.ts`, `./alerts` without an extension) may point.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The query that makes each load of a config evaluate the user's modules afresh. */
export const loadParam = "mixkit-load";

/**
 * mixkit's own modules, compiled (dist/) or, in its own repository, its sources (src/): never the
 * user's, never loaded twice (their classes must be one).
 */
const packageRoot = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const mixkitFolders = ["dist", "src"].map((folder) => path.join(packageRoot, folder) + path.sep);

/** A module the user wrote: a file outside every node_modules folder and outside mixkit itself. */
export function isUserUrl(url: string): boolean {
  if (!url.startsWith("file:")) return false;
  const file = fileOf(url);
  return (
    !file.includes(`${path.sep}node_modules${path.sep}`) &&
    !mixkitFolders.some((folder) => file.startsWith(folder))
  );
}

/** The load a URL belongs to (its `mixkit-load` query), if any. */
export function loadOf(url: string | undefined): string | undefined {
  if (url === undefined || !url.startsWith("file:")) return undefined;
  return new URL(url).searchParams.get(loadParam) ?? undefined;
}

/** `url` marked as part of load `id`. */
export function withLoad(url: string, id: string): string {
  const marked = new URL(url);
  marked.searchParams.set(loadParam, id);
  return marked.href;
}

/** The file a module URL names, without its query. */
export function fileOf(url: string): string {
  const bare = new URL(url);
  bare.search = "";
  bare.hash = "";
  return fileURLToPath(bare);
}

// `.cts` (CommonJS TypeScript) is not loaded: the hooks give Node ES modules only.
const typeScript = /\.(?:ts|mts)$/;
export const isTypeScript = (url: string): boolean => typeScript.test(new URL(url).pathname);

/**
 * Where a relative specifier that Node did not find may point, in the order TypeScript's own
 * resolution tries them: `.js` written for a `.ts` source (NodeNext style), or no extension at all
 * (bundler style), or a folder with an index.
 */
export function alternatives(specifier: string): string[] {
  const js = /\.(m?)js$/.exec(specifier);
  if (js !== null) return [`${specifier.slice(0, -js[0].length)}.${js[1]}ts`];
  if (/\.[a-z]+$/i.test(specifier) && !specifier.endsWith("/")) return [];
  const base = specifier.replace(/\/$/, "");
  return [
    ...[".ts", ".mts", ".js", ".mjs"].map((e) => `${base}${e}`),
    ...["index.ts", "index.mts", "index.js", "index.mjs"].map((i) => `${base}/${i}`),
  ];
}

export const isRelative = (specifier: string): boolean =>
  specifier.startsWith("./") ||
  specifier.startsWith("../") ||
  specifier.startsWith("/") ||
  specifier === "." ||
  specifier === "..";

/** The `type` of the package a file belongs to: "module", "commonjs", or undefined when not set. */
export function packageType(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        type?: unknown;
      };
      return typeof pkg.type === "string" ? pkg.type : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * True when a JavaScript file of a package without a `type` is an ES module: a line that starts an
 * import or export declaration (Node detects the same, but warns about it on every run).
 */
export const looksLikeModule = (source: string): boolean =>
  /^[ \t]*(?:import[ \t]*[\w{*"'$]|export[ \t{*])/m.test(source);
