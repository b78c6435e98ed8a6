import { formatJson } from "./json-text.js";

/**
 * Plain data helpers: deep copies that are frozen (so a builder never shares mutable state with its
 * caller) and canonical JSON (sorted keys, 2-space indent, trailing newline).
 */

/**
 * Every object and array frozenCopy returned: frozen at every level and owned by no caller, so a
 * later copy can share it instead of copying it again. Builders copy their whole model on each
 * step; without sharing, a dashboard re-copied every panel for each panel, row and dashboard call.
 */
const deeplyFrozen = new WeakSet<object>();
/** One frozen empty array for every empty list of every model (panels have eight). */
const emptyArray: readonly never[] = Object.freeze([]);
deeplyFrozen.add(emptyArray);

/** A deep copy of plain data (objects, arrays, primitives), frozen at every level. */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (deeplyFrozen.has(value)) return value;
  let out: object;
  if (Array.isArray(value)) {
    if (value.length === 0) return emptyArray as T;
    out = Object.freeze(value.map((v: unknown) => frozenCopy(v)));
  } else {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) copy[k] = frozenCopy(v);
    out = Object.freeze(copy);
  }
  deeplyFrozen.add(out);
  return out as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `base` with `patch` merged in: objects merge key by key, anything else (arrays too) replaces. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch))
    return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) out[k] = deepMerge(out[k], v);
  }
  return out as T;
}

/** A fresh copy of `value` whose object keys are sorted at every level (arrays keep their order). */
export function sortKeys<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out as T;
}

/** Canonical JSON text: sorted keys, 2-space indent, prettier's line breaks, trailing newline. */
export function canonicalJson(value: unknown): string {
  return formatJson(sortKeys(value));
}
