/**
 * The main thread's side of the module hooks: registers them once per process (Node cannot take
 * them back), and collects which of the user's files each load of a config reached.
 */
import { existsSync } from "node:fs";
import { register } from "node:module";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import type { FlushRequest, HookMessage } from "./hooks.js";

interface Hooks {
  readonly port: MessagePort;
  /** Load id -> the files it reached. */
  readonly files: Map<string, Set<string>>;
  readonly flushes: Map<number, () => void>;
  nextFlush: number;
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

// One per process, as the registration itself is.
let hooks: Hooks | undefined;

function installed(): Hooks {
  if (hooks !== undefined) return hooks;
  const { port1, port2 } = new MessageChannel();
  const state: Hooks = { port: port1, files: new Map(), flushes: new Map(), nextFlush: 0 };
  port1.on("message", (message: HookMessage) => {
    if ("flushed" in message) {
      state.flushes.get(message.flushed)?.();
      state.flushes.delete(message.flushed);
      if (state.flushes.size === 0) port1.unref();
    } else {
      let files = state.files.get(message.load);
      if (files === undefined) state.files.set(message.load, (files = new Set()));
      files.add(message.url);
    }
  });
  port1.unref();
  register(hooksUrl(), {
    parentURL: import.meta.url,
    data: { port: port2 },
    transferList: [port2],
  });
  hooks = state;
  return state;
}

/** Makes sure the hooks are in place before a config is imported. */
export function installHooks(): void {
  installed();
}

/** The module URLs of the user's files that load `id` reached, once every report has arrived. */
export async function filesOfLoad(id: string): Promise<string[]> {
  const state = installed();
  const flush = state.nextFlush++;
  await new Promise<void>((done) => {
    state.flushes.set(flush, done);
    state.port.ref();
    state.port.postMessage({ flush } satisfies FlushRequest);
  });
  const files = [...(state.files.get(id) ?? [])];
  state.files.delete(id);
  return files;
}
