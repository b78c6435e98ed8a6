/**
 * Node.js module hooks (`module.register`) that load a config written in TypeScript as it is:
 * `.ts`/`.mts` files of the user are stripped of their types (cached), specifiers written for
 * TypeScript (`./alerts.js` for alerts.ts, or no extension) are found, and every module of the user
 * that one load of the config reaches is marked with that load's id (so the next load evaluates
 * them afresh, for watch mode) and reported to the main thread (the files to watch).
 * Everything else (mixkit, packages, Node's own modules) is left to Node.
 */
import { readFileSync } from "node:fs";
import type { MessagePort } from "node:worker_threads";
import type { InitializeHook, LoadHook, ResolveHook } from "node:module";
import { cached } from "./cache.js";
import {
  alternatives,
  fileOf,
  isRelative,
  isTypeScript,
  isUserUrl,
  loadOf,
  looksLikeModule,
  packageType,
  withLoad,
} from "./files.js";
import { stripTypes, StripError } from "./strip.js";

/** What the hooks tell the main thread. */
export type HookMessage =
  { readonly load: string; readonly url: string } | { readonly flushed: number };

/** What the main thread asks: answer once every earlier message is sent. */
export interface FlushRequest {
  readonly flush: number;
}

const stripper = "amaro@0.1";
let port: MessagePort | undefined;

export const initialize: InitializeHook<{ port: MessagePort }> = (data) => {
  port = data.port;
  port.on("message", (message: FlushRequest) => port?.postMessage({ flushed: message.flush }));
  port.unref();
};

export const resolve: ResolveHook = async (specifier, context, next) => {
  const parent = context.parentURL;
  const load = loadOf(parent);
  let resolved;
  try {
    resolved = await next(specifier, context);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (
      (code !== "ERR_MODULE_NOT_FOUND" && code !== "ERR_UNSUPPORTED_DIR_IMPORT") ||
      parent === undefined ||
      !isUserUrl(parent) ||
      !isRelative(specifier)
    )
      throw err;
    resolved = undefined;
    for (const candidate of alternatives(specifier)) {
      try {
        resolved = await next(candidate, context);
        break;
      } catch {
        // try the next one
      }
    }
    if (resolved === undefined) throw err;
  }
  if (load !== undefined && isUserUrl(resolved.url))
    return { ...resolved, url: withLoad(resolved.url, load) };
  return resolved;
};

export const load: LoadHook = async (url, context, next) => {
  if (!isUserUrl(url)) return next(url, context);
  const id = loadOf(url);
  if (id !== undefined) port?.postMessage({ load: id, url } satisfies HookMessage);
  const file = fileOf(url);
  if (isTypeScript(url)) {
    const source = readFileSync(file, "utf8");
    let code: string;
    try {
      code = cached(file, source, stripper, (s) => stripTypes(s, file));
    } catch (err) {
      if (err instanceof StripError)
        throw new SyntaxError(`${file}:${err.line}:${err.column}: ${err.reason}`);
      throw err;
    }
    return {
      format: url.endsWith(".cts") ? "commonjs" : "module",
      source: code,
      shortCircuit: true,
    };
  }
  if (/\.js$/.test(new URL(url).pathname) && packageType(file) === undefined) {
    // An ES module in a package without a `type`: said so, rather than detected with a warning.
    const source = readFileSync(file, "utf8");
    if (looksLikeModule(source)) return { format: "module", source, shortCircuit: true };
  }
  return next(url, context);
};
