/**
 * Puts the module hooks in place, once per process (Node cannot take them back), and collects which
 * of the user's files each load of a config reached. Where Node has `module.registerHooks` (22.15
 * and later) the hooks run on the main thread, at no cost; before that, `module.register` runs them
 * in a worker of their own (about 30 to 50 ms to start), which reports through a port.
 */
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import type { FlushRequest, HookMessage } from "./hooks.js";
import { isUserUrl, loadOf, resolveSync, resolving, userSource } from "./steps.js";

interface Hooks {
  /** Load id -> the files it reached. */
  readonly files: Map<string, Set<string>>;
  /** Off the main thread: waits until every report sent so far has arrived. */
  readonly flush?: () => Promise<void>;
}

type SyncHooks = {
  resolve: (
    specifier: string,
    context: nodeModule.ResolveHookContext,
    next: (
      specifier: string,
      context?: nodeModule.ResolveHookContext,
    ) => nodeModule.ResolveFnOutput,
  ) => nodeModule.ResolveFnOutput;
  load: (
    url: string,
    context: nodeModule.LoadHookContext,
    next: (url: string, context?: nodeModule.LoadHookContext) => nodeModule.LoadFnOutput,
  ) => nodeModule.LoadFnOutput;
};
const registerHooks = (nodeModule as { registerHooks?: (hooks: SyncHooks) => unknown })
  .registerHooks;

function record(files: Map<string, Set<string>>, load: string, url: string): void {
  let reached = files.get(load);
  if (reached === undefined) files.set(load, (reached = new Set()));
  reached.add(url);
}

function onThisThread(): Hooks {
  const files = new Map<string, Set<string>>();
  registerHooks?.({
    resolve: (specifier, context, next) =>
      resolveSync(resolving(specifier, context.parentURL), (s) => next(s, context)),
    load: (url, context, next) => {
      if (!isUserUrl(url)) return next(url, context);
      const id = loadOf(url);
      if (id !== undefined) record(files, id, url);
      return userSource(url) ?? next(url, context);
    },
  });
  return { files };
}

/**
 * The compiled hooks: beside this module, or, when mixkit runs from its TypeScript sources (its own
 * test suite), in its dist/ folder (Node loads hooks natively, so they must be JavaScript).
 */
function hooksUrl(): URL {
  const beside = new URL("./hooks.js", import.meta.url);
  if (existsSync(beside)) return beside;
  return new URL("../../../dist/project/loader/hooks.js", import.meta.url);
}

function inWorker(): Hooks {
  const { port1, port2 } = new MessageChannel();
  const files = new Map<string, Set<string>>();
  const flushes = new Map<number, () => void>();
  let nextFlush = 0;
  port1.on("message", (message: HookMessage) => {
    if ("flushed" in message) {
      flushes.get(message.flushed)?.();
      flushes.delete(message.flushed);
      if (flushes.size === 0) port1.unref();
    } else record(files, message.load, message.url);
  });
  port1.unref();
  nodeModule.register(hooksUrl(), {
    parentURL: import.meta.url,
    data: { port: port2 },
    transferList: [port2 as MessagePort],
  });
  const flush = () =>
    new Promise<void>((done) => {
      const id = nextFlush++;
      flushes.set(id, done);
      port1.ref();
      port1.postMessage({ flush: id } satisfies FlushRequest);
    });
  return { files, flush };
}

// One per process, as the registration itself is.
let hooks: Hooks | undefined;

function installed(): Hooks {
  // MIXKIT_HOOKS=worker takes the older way on a newer Node (to compare the two, or debug one).
  hooks ??=
    registerHooks === undefined || process.env["MIXKIT_HOOKS"] === "worker"
      ? inWorker()
      : onThisThread();
  return hooks;
}

/** Makes sure the hooks are in place before a config is imported. */
export function installHooks(): void {
  installed();
}

/** The module URLs of the user's files that load `id` reached, once every report has arrived. */
export async function filesOfLoad(id: string): Promise<string[]> {
  const state = installed();
  await state.flush?.();
  const files = [...(state.files.get(id) ?? [])];
  state.files.delete(id);
  return files;
}
