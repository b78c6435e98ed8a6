/**
 * Per-rule overrides: turn a mixin's rule off or patch it, without forking the mixin. Applied to the
 * finished groups, with what follows from them: a rule turned off takes its expectations, its
 * inhibitions and its dashboard panels' claims with it, and a record still read by another rule or a
 * panel cannot be turned off alone.
 */
import type { DurationLiteral } from "../promql/duration.js";
import { InstantVector } from "../promql/expr.js";
import { operationsUsed } from "../promql/features.js";
import type { Scenario } from "../testing/scenario.js";
import { renameScenarioLabels } from "../testing/rename.js";
import { Inhibition } from "./inhibit.js";
import { AlertingRule, RecordingRule, RuleGroup, type Rule, type Severity } from "./model.js";

/** A change to one rule; every field is optional and replaces (labels and annotations: merge into) the rule's own. */
export interface RulePatch {
  /** Alerts only. */
  readonly for?: DurationLiteral;
  /** Alerts only (Prometheus 2.42+). */
  readonly keepFiringFor?: DurationLiteral;
  /** Alerts only. */
  readonly severity?: Severity;
  /** Added to the rule's labels (a record's series carry them too). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Alerts only: added to, or replacing, its annotations (`summary`, `description`, any other). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The new expression, from the rule's own (as emitted, with the config's label names). */
  readonly expr?: (original: InstantVector<string>) => InstantVector<string>;
}

/** `false` turns a rule off; a patch changes it. Keys are the mixin's rule names. */
export type RuleOverrides<N extends string = string> = { readonly [P in N]?: false | RulePatch };

export interface AppliedOverride {
  readonly rule: string;
  /** `absent`: the mixin has the rule, but not with this config. */
  readonly change: "off" | "patched" | "absent";
  /** For a patch, the fields it sets. */
  readonly fields: readonly string[];
  /** For a patch, the fields it sets that leave the rule as it was (`mixkit lint` reports them). */
  readonly noEffect: readonly string[];
}

export class OverrideError extends Error {
  override readonly name = "OverrideError";
  constructor(
    /** The config path of the offending override, e.g. `overrides.FluxReconcileSlow`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export interface Overridable {
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
  readonly inhibitions: readonly Inhibition[];
}

/** Where the rule's name is read outside the rules (dashboard panels), by a description of the reader. */
export type OutsideReaders = ReadonlyMap<string, readonly string[]>;

const alertOnly = ["for", "keepFiringFor", "severity", "annotations"] as const;

function patchAlert(rule: AlertingRule, patch: RulePatch, path: string): [Rule, string[]] {
  const { summary, description, runbook_url, dashboard_url, ...extra } = patch.annotations ?? {};
  const changes = {
    ...(patch.for !== undefined && { for: patch.for }),
    ...(patch.keepFiringFor !== undefined && { keepFiringFor: patch.keepFiringFor }),
    ...(patch.severity !== undefined && { severity: patch.severity }),
    ...(summary !== undefined && { summary }),
    ...(description !== undefined && { description }),
    ...(runbook_url !== undefined && { runbookUrl: runbook_url }),
    ...(dashboard_url !== undefined && { dashboardUrl: dashboard_url }),
    ...(Object.keys(extra).length > 0 && {
      annotations: { ...rule.spec.annotations, ...extra },
    }),
    ...(patch.labels !== undefined && { labels: { ...rule.spec.labels, ...patch.labels } }),
    ...(patch.expr !== undefined && { expr: newExpr(rule.expr, patch, path) }),
  };
  const patched = rule.with(changes as never);
  return [patched, unchangedFields(rule, patched, patch)];
}

function patchRecord(rule: RecordingRule, patch: RulePatch, path: string): [Rule, string[]] {
  const misplaced = alertOnly.filter((f) => patch[f] !== undefined);
  if (misplaced.length > 0)
    throw new OverrideError(
      path,
      `${misplaced.join(", ")} ${misplaced.length === 1 ? "applies" : "apply"} to alerts only; ${rule.name} is a recording rule`,
    );
  const expr =
    patch.expr !== undefined ? newExpr(rule.expr as InstantVector<string>, patch, path) : rule.expr;
  const patched = new RecordingRule(rule.name, expr, {
    ...rule.spec,
    ...(patch.labels !== undefined && { labels: { ...rule.spec.labels, ...patch.labels } }),
  });
  return [patched, unchangedFields(rule, patched, patch)];
}

function newExpr(original: InstantVector<string>, patch: RulePatch, path: string) {
  const out = patch.expr?.(original);
  if (!(out instanceof InstantVector))
    throw new OverrideError(
      `${path}.expr`,
      "must return an instant vector built from the original (e.g. `(e) => e.and(...)`)",
    );
  return out;
}

/** The patch's fields that leave the rule as it was. */
function unchangedFields(before: Rule, after: Rule, patch: RulePatch): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const fields: string[] = [];
  if (before instanceof AlertingRule && after instanceof AlertingRule) {
    if (patch.for !== undefined && same(before.spec.for, after.spec.for)) fields.push("for");
    if (
      patch.keepFiringFor !== undefined &&
      same(before.spec.keepFiringFor, after.spec.keepFiringFor)
    )
      fields.push("keepFiringFor");
    if (patch.severity !== undefined && before.spec.severity === after.spec.severity)
      fields.push("severity");
    if (patch.annotations !== undefined && same(before.annotations(), after.annotations()))
      fields.push("annotations");
  }
  const labelsOf = (r: Rule) => r.spec.labels ?? {};
  if (patch.labels !== undefined && same(labelsOf(before), labelsOf(after))) fields.push("labels");
  if (patch.expr !== undefined && same(before.expr.node, after.expr.node)) fields.push("expr");
  return fields;
}

export interface OverrideContext {
  /** The config path of the overrides, for messages (e.g. `mixins.flux.overrides`). */
  readonly path: string;
  /** Every rule name the mixin can produce, whatever its config: other names are typos. */
  readonly known: readonly string[];
  /** Readers of rule names beyond the rules, such as dashboard panels, by rule name. */
  readonly outside?: OutsideReaders;
}

/**
 * Applies `overrides` (keyed by rule name) to a mixin's rules, scenarios and inhibitions. A name
 * the mixin does not know is an error listing those it knows; a known rule this config does not
 * produce is reported as an override without effect.
 */
export function applyOverrides(
  input: Overridable,
  overrides: RuleOverrides,
  context: OverrideContext,
): Overridable & { readonly applied: readonly AppliedOverride[] } {
  const { path, known, outside = new Map<string, readonly string[]>() } = context;
  const rules = input.groups.flatMap((g) => g.rules);
  const names = new Set(rules.map((r) => r.name));
  const entries = Object.entries(overrides).filter(([, o]) => o !== undefined);
  for (const [name] of entries)
    if (!known.includes(name) && !names.has(name))
      throw new OverrideError(
        `${path}.${name}`,
        `${name} is no rule of this mixin; its rules are ${[...new Set([...known, ...names])].join(", ")}`,
      );
  const absent = entries
    .filter(([name]) => !names.has(name))
    .map(([name]): AppliedOverride => ({ rule: name, change: "absent", fields: [], noEffect: [] }));
  const off = new Set(entries.filter(([, o]) => o === false).map(([n]) => n));

  // A record turned off must take its readers with it: rules that stay would read nothing.
  for (const name of off) {
    const rulesReading = [
      ...new Set(
        rules
          .filter((r) => !off.has(r.name) && operationsUsed(r.expr.node).metrics.has(name))
          .map((r) => r.name),
      ),
    ];
    const panels = outside.get(name) ?? [];
    const readers = [...rulesReading, ...panels];
    if (readers.length > 0)
      throw new OverrideError(
        `${path}.${name}`,
        `cannot turn off ${name}, read by ${readers.join("; ")}: ${
          panels.length > 0
            ? `a dashboard panel cannot be turned off; patch ${name} instead`
            : `turn ${readers.length === 1 ? "it" : "them"} off too, or patch ${name} instead`
        }`,
      );
  }

  const copies = new Map<AlertingRule, AlertingRule>();
  const applied = new Map<string, AppliedOverride>();
  const patchedGroups = input.groups.map((g) => {
    const kept = g.rules.flatMap((r): Rule[] => {
      const o = overrides[r.name];
      if (o === undefined) return [r];
      if (o === false) {
        applied.set(r.name, { rule: r.name, change: "off", fields: [], noEffect: [] });
        return [];
      }
      const where = `${path}.${r.name}`;
      const [patched, noEffect] =
        r instanceof AlertingRule ? patchAlert(r, o, where) : patchRecord(r, o, where);
      if (r instanceof AlertingRule && patched instanceof AlertingRule) copies.set(r, patched);
      applied.set(r.name, {
        rule: r.name,
        change: "patched",
        fields: Object.keys(o).filter((k) => o[k as keyof RulePatch] !== undefined),
        noEffect,
      });
      return [patched];
    });
    return new RuleGroup(g.name, kept, g.options);
  });

  // A group left without rules goes (Prometheus accepts it; mixkit refuses an empty group).
  const groups = patchedGroups.filter(
    (g, i) => g.rules.length > 0 || input.groups[i]?.rules.length === 0,
  );
  const offAlert = (a: AlertingRule) => off.has(a.name);
  const scenarios = renameScenarioLabels(input.scenarios, {}, copies)
    .map((s) => ({
      ...s,
      expect: s.expect.filter((e) =>
        e.kind === "samples"
          ? ![...operationsUsed(e.expr.node).metrics].some((m) => off.has(m))
          : !offAlert(e.alert),
      ),
    }))
    // A scenario left expecting nothing was about the rules turned off.
    .filter((s) => s.expect.length > 0);
  // An inhibition goes with its source, or with the last of its targets.
  const inhibitions = input.inhibitions
    .filter((i) => !offAlert(i.source) && i.targets.some((t) => !offAlert(t)))
    .map((i) =>
      new Inhibition(
        i.source,
        i.targets.filter((t) => !offAlert(t)),
        i.equal,
        i.sourceLabels,
      ).relink(copies),
    );
  return {
    groups,
    scenarios,
    inhibitions,
    applied: [...applied.values(), ...absent],
  };
}
