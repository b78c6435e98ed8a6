/**
 * An override of an alert's `for` or `severity`, where one config section configures that alert
 * alone, is applied as that section's option: the mixin's scenarios follow its options (their
 * times from `for`, their labels from `severity`), so they still hold for the patched alert. The
 * override is reported as applied all the same.
 */
import type { z } from "zod";
import type { AppliedOverride } from "../rules/overrides.js";
import { mixinOptions } from "./options.js";

const asOptions = ["for", "severity"] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `value` with `path` (dotted) set to `at(previous)`, copied on the way, never changed. */
function setAt(value: Json, path: readonly string[], at: (previous: unknown) => unknown): Json {
  const [head, ...rest] = path as [string, ...string[]];
  return {
    ...value,
    [head]:
      rest.length === 0
        ? at(value[head])
        : setAt(isObject(value[head]) ? value[head] : {}, rest, at),
  };
}

const getAt = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), value);

export interface MovedOverrides {
  /** The config input with the moved fields in their sections and out of `overrides`. */
  readonly input: unknown;
  /** Alert -> the section's path and the fields moved there. */
  readonly moved: ReadonlyMap<
    string,
    { readonly section: string; readonly fields: readonly string[] }
  >;
}

export function overridesAsOptions(schema: z.ZodType, input: unknown): MovedOverrides {
  const none = { input, moved: new Map() };
  if (!isObject(input) || !isObject(input["overrides"])) return none;
  let options;
  try {
    options = mixinOptions(schema);
  } catch {
    return none; // a schema without defaults for every option: nothing to follow
  }
  let next: Json = input;
  const moved = new Map<string, { section: string; fields: string[] }>();
  for (const [alert, patch] of Object.entries(input["overrides"])) {
    if (!isObject(patch)) continue;
    const sections = options.filter(
      (o) => o.alerts.length === 1 && o.alerts[0] === alert && isObject(o.value),
    );
    const section = sections[0];
    if (sections.length !== 1 || section === undefined) continue;
    const fields = asOptions.filter((f) => patch[f] !== undefined && f in (section.value as Json));
    if (fields.length === 0) continue;
    const path = section.path.split(".");
    next = setAt(next, path, (previous) => ({
      ...(isObject(previous) ? previous : {}),
      ...Object.fromEntries(fields.map((f) => [f, patch[f]])),
    }));
    const rest = Object.fromEntries(
      Object.entries(patch).filter(([k]) => !(fields as readonly string[]).includes(k)),
    );
    next = setAt(next, ["overrides", alert], () =>
      Object.values(rest).some((v) => v !== undefined) ? rest : undefined,
    );
    moved.set(alert, { section: section.path, fields });
  }
  if (moved.size === 0) return none;
  // An override left with nothing to patch goes: the options carry it.
  const overrides = Object.fromEntries(
    Object.entries(next["overrides"] as Json).filter(([, v]) => v !== undefined),
  );
  return { input: { ...next, overrides }, moved };
}

/**
 * The overrides as applied, with the fields moved to options counted in: an alert whose patch
 * went whole is reported patched, in rule order; a moved value the option already had is no
 * effect (`mixkit lint` says so).
 */
export function withMovedOverrides(
  applied: readonly AppliedOverride[],
  moved: MovedOverrides["moved"],
  original: unknown,
  patches: unknown,
  ruleOrder: readonly string[],
): AppliedOverride[] {
  if (moved.size === 0) return [...applied];
  const byRule = new Map(applied.map((a) => [a.rule, a]));
  for (const [alert, { section, fields }] of moved) {
    const patch = getAt(patches, [alert]) as Json;
    const before = getAt(original, section.split(".")) as Json | undefined;
    const same = fields.filter((f) => before?.[f] === patch[f]);
    const known = byRule.get(alert);
    if (!ruleOrder.includes(alert)) {
      byRule.set(alert, { rule: alert, change: "absent", fields: [], noEffect: [] });
      continue;
    }
    byRule.set(alert, {
      rule: alert,
      change: "patched",
      fields: [...fields, ...(known?.fields ?? [])],
      noEffect: [...same, ...(known?.noEffect ?? [])],
    });
  }
  const rank = (a: AppliedOverride) => {
    const i = ruleOrder.indexOf(a.rule);
    return a.change === "absent" || i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...byRule.values()].sort((a, b) => rank(a) - rank(b));
}
