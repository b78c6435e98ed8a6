import { formatJson } from "./json-text.js";

/**
 * Plain data helpers: deep copies that are frozen (so a builder never shares mutable state with its
 * caller) and canonical JSON (sorted keys, 2-space indent, trailing newline).
 */

/**
 * A mark on every object and array frozenCopy returned: frozen at every level and owned by no
 * caller, so a later copy can share it instead of copying it again. A module-private symbol, so no
 * caller's object carries it; a WeakSet did the same but cost more than the copies it saved.
 */
const deeplyFrozen: unique symbol = Symbol("mixkit.deeplyFrozen");

function markFrozen<T extends object>(value: T): T {
  Object.defineProperty(value, deeplyFrozen, { value: true });
  return Object.freeze(value);
}

const isDeeplyFrozen = (value: object): boolean =>
  (value as { [deeplyFrozen]?: true })[deeplyFrozen] === true;

/** One frozen empty array for every empty list of every model (panels have eight). */
const emptyArray: readonly never[] = markFrozen([]);

/** A deep copy of plain data (objects, arrays, primitives), frozen at every level. */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (isDeeplyFrozen(value)) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return emptyArray as T;
    return markFrozen(value.map((v: unknown) => frozenCopy(v))) as T;
  }
  const from = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(from)) {
    const v = from[k];
    if (v !== undefined) copy[k] = frozenCopy(v);
  }
  return markFrozen(copy) as T;
}

/**
 * `base` (a frozenCopy result) with `changes` applied: a new frozen object that shares every value
 * it did not change and copies only the changed ones; an undefined change removes the key. A
 * builder step costs what it changes, not the size of the model.
 */
export function frozenPatch<T extends object>(base: T, changes: Partial<T>): T {
  const from = base as Record<string, unknown>;
  const patch = changes as Record<string, unknown>;
  // Keys keep their order (a changed key stays in place), so models keep few hidden classes.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(from)) {
    const value = key in patch ? patch[key] : from[key];
    if (value !== undefined) out[key] = value === from[key] ? value : frozenCopy(value);
  }
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (!(key in from) && value !== undefined) out[key] = frozenCopy(value);
  }
  return markFrozen(out) as T;
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

/**
 * Canonical JSON text: keys sorted at every level while printing (no sorted copy is made),
 * 2-space indent, prettier's line breaks, trailing newline.
 */
export function canonicalJson(value: unknown): string {
  return formatJson(value, { sortKeys: true });
}
