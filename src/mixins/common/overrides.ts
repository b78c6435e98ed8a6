/**
 * A shipped mixin's `overrides` applied to its finished rules (after the config's label names), with
 * the dashboards as readers of its records; a bad override is a config error at its path.
 */
import type { DashboardBuilder } from "../../dashboards/dashboard.js";
import {
  applyOverrides,
  OverrideError,
  type AppliedOverride,
  type Overridable,
  type RuleOverrides,
} from "../../rules/overrides.js";
import { MixinConfigError } from "./config.js";

/** The panels of `dashboards` whose queries read each of `names`, as `dashboard "T", panel "P"`. */
export function panelReaders(
  dashboards: readonly DashboardBuilder[],
  names: readonly string[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const reads = (expr: string, name: string) =>
    new RegExp(`(^|[^a-zA-Z0-9_:])${name}($|[^a-zA-Z0-9_:])`).test(expr);
  for (const d of dashboards) {
    const json = d.build() as { title?: string; panels?: Panel[] };
    const panels = (json.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const p of panels)
      for (const t of p.targets ?? [])
        for (const name of names)
          if (typeof t.expr === "string" && reads(t.expr, name)) {
            const reader = `dashboard "${json.title ?? ""}", panel "${p.title ?? ""}"`;
            const list = out.get(name) ?? [];
            if (!list.includes(reader)) out.set(name, [...list, reader]);
          }
  }
  return out;
}

interface Panel {
  readonly title?: string;
  readonly targets?: readonly { readonly expr?: unknown }[];
  readonly panels?: readonly Panel[];
}

export function overrideMixin<T extends Overridable>(
  mixin: string,
  parts: T,
  overrides: RuleOverrides,
  known: readonly string[],
  dashboards: readonly DashboardBuilder[],
): T & { readonly overrides: readonly AppliedOverride[] } {
  if (Object.keys(overrides).length === 0) return { ...parts, overrides: [] };
  const off = Object.entries(overrides)
    .filter(([, o]) => o === false)
    .map(([n]) => n);
  try {
    const { applied, ...changed } = applyOverrides(parts, overrides, {
      path: "overrides",
      known,
      outside: panelReaders(dashboards, off),
    });
    return { ...parts, ...changed, overrides: applied };
  } catch (err) {
    if (err instanceof OverrideError)
      throw new MixinConfigError(mixin, [
        { path: err.path, message: err.message.slice(err.path.length + 2) },
      ]);
    throw err;
  }
}
