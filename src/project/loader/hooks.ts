/**
 * The module hooks as `module.register` runs them, off the main thread (Node before 22.15): the
 * steps of ./steps.ts, and a port to tell the main thread which of the user's modules each load of
 * the config reached (the files watch mode watches).
 */
import type { InitializeHook, LoadHook, ResolveHook } from "node:module";
import type { MessagePort } from "node:worker_threads";
import { isUserUrl, loadOf, resolveAsync, resolving, userSource } from "./steps.js";

/** What the hooks tell the main thread. */
export type HookMessage =
  { readonly load: string; readonly url: string } | { readonly flushed: number };

/** What the main thread asks: answer once every earlier message is sent. */
export interface FlushRequest {
  readonly flush: number;
}

let port: MessagePort | undefined;

export const initialize: InitializeHook<{ port: MessagePort }> = (data) => {
  port = data.port;
  port.on("message", (message: FlushRequest) => port?.postMessage({ flushed: message.flush }));
  port.unref();
};

export const resolve: ResolveHook = (specifier, context, next) =>
  resolveAsync(resolving(specifier, context.parentURL), async (s) => next(s, context));

export const load: LoadHook = async (url, context, next) => {
  if (!isUserUrl(url)) return next(url, context);
  const id = loadOf(url);
  if (id !== undefined) port?.postMessage({ load: id, url } satisfies HookMessage);
  return userSource(url) ?? next(url, context);
};
