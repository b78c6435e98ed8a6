/**
 * What the module hooks do, once for both ways Node runs them: off the main thread with
 * `module.register` (Node 20, asynchronous) and on it with `module.registerHooks` (Node 22.15 and
 * later, synchronous). Resolving is a generator that yields each specifier it wants Node to try and
 * is told the outcome, so the same steps run under a synchronous or an asynchronous driver.
 */
import { readFileSync } from "node:fs";
import type { LoadFnOutput, ResolveFnOutput } from "node:module";
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

type Outcome =
  | { readonly ok: true; readonly value: ResolveFnOutput }
  | { readonly ok: false; readonly error: unknown };
export type Resolving = Generator<string, ResolveFnOutput, Outcome>;

/** Node's resolution first; for the user's relative imports, TypeScript's spellings after it. */
export function* resolving(specifier: string, parentURL: string | undefined): Resolving {
  let outcome = yield specifier;
  if (!outcome.ok) {
    const code = (outcome.error as NodeJS.ErrnoException).code;
    const retry =
      (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_UNSUPPORTED_DIR_IMPORT") &&
      parentURL !== undefined &&
      isUserUrl(parentURL) &&
      isRelative(specifier);
    if (!retry) throw outcome.error;
    for (const candidate of alternatives(specifier)) {
      const attempt = yield candidate;
      if (attempt.ok) {
        outcome = attempt;
        break;
      }
    }
    if (!outcome.ok) throw outcome.error;
  }
  // The user's modules reached from a marked load are marked too: evaluated afresh, and reported.
  const load = loadOf(parentURL);
  if (load !== undefined && isUserUrl(outcome.value.url))
    return { ...outcome.value, url: withLoad(outcome.value.url, load) };
  return outcome.value;
}

export function resolveSync(
  steps: Resolving,
  next: (specifier: string) => ResolveFnOutput,
): ResolveFnOutput {
  let step = steps.next();
  while (step.done !== true) {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: next(step.value) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    step = steps.next(outcome);
  }
  return step.value;
}

export async function resolveAsync(
  steps: Resolving,
  next: (specifier: string) => Promise<ResolveFnOutput>,
): Promise<ResolveFnOutput> {
  let step = steps.next();
  while (step.done !== true) {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await next(step.value) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    step = steps.next(outcome);
  }
  return step.value;
}

const stripper = "amaro@0.1";

/**
 * The source of one of the user's modules when mixkit loads it itself (TypeScript, stripped and
 * cached; an ES module in a package without a `type`), or undefined for Node to load.
 */
export function userSource(url: string): LoadFnOutput | undefined {
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
      format: "module",
      source: code,
      shortCircuit: true,
    };
  }
  if (/\.js$/.test(new URL(url).pathname) && packageType(file) === undefined) {
    // An ES module in a package without a `type`: said so, rather than detected with a warning.
    const source = readFileSync(file, "utf8");
    if (looksLikeModule(source)) return { format: "module", source, shortCircuit: true };
  }
  return undefined;
}

export { isUserUrl, loadOf };
