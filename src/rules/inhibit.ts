/**
 * Alertmanager inhibitions between alerts: while a source alert fires, the target alerts that
 * share its `equal` labels are muted (the cause pages, not each of its consequences). Immutable,
 * built from the alerting rules themselves, so the names and labels cannot drift from the rules;
 * printed by alertmanager.ts.
 */
import { possibleLabels } from "../promql/labels.js";
import type { LabelRenames } from "../promql/rename.js";
import { isValidLabelName } from "../promql/strings.js";
import type { AlertingRule } from "./model.js";

export class InhibitionError extends Error {
  override readonly name = "InhibitionError";
}

/** The labels an alerting rule's type says its alerts carry. */
type LabelsOf<R> = R extends AlertingRule<infer L> ? L : never;
/** Those of `C` that some rule of `R` does not carry. */
type MissingFrom<R, C extends string> = R extends unknown ? Exclude<C, LabelsOf<R>> : never;
/** The labels of `C` every rule of `R` carries. */
type CarriedByAll<R, C extends string> = Exclude<C, MissingFrom<R, C>>;
/**
 * The labels a source typed `S` and every target of `R` carry. A rule typed `string` (labels not
 * known to the types) restricts nothing; the run-time check still looks at its expression.
 */
export type SharedLabels<S extends string, R> = string extends S
  ? CarriedByAll<R, LabelsOf<R>>
  : CarriedByAll<R, S>;

export interface InhibitOptions<Equal extends string, Source extends string = string> {
  /**
   * Labels whose values the source and the target must share (the namespace, the object, the
   * cluster); `[]` inhibits every target while any source fires. Each must be a label both alerts
   * carry, which the rules' types check.
   */
  readonly equal: readonly Equal[];
  /**
   * Values the source alert must have for the inhibition to hold, for an alert that reports
   * several things (`SPIREMetricsAbsent` with `component: "agent"` mutes only agent alerts).
   */
  readonly sourceLabels?: Readonly<Partial<Record<Source, string>>>;
}

/** An inhibition, checked: build it with `inhibit(...)`. */
export class Inhibition {
  readonly targets: readonly AlertingRule[];
  readonly equal: readonly string[];
  readonly sourceLabels: Readonly<Record<string, string>>;

  /** Throws an InhibitionError with one line saying what is wrong. */
  constructor(
    readonly source: AlertingRule,
    targets: readonly AlertingRule[],
    equal: readonly string[],
    sourceLabels: Readonly<Record<string, string>> = {},
  ) {
    const what = `inhibit(${source.name} -> ${[...new Set(targets.map((t) => t.name))].join(", ") || "nothing"})`;
    const fail = (message: string): never => {
      throw new InhibitionError(`${what}: ${message}`);
    };
    if (targets.length === 0) fail("give at least one target alert");
    if (targets.some((t) => t.name === source.name))
      fail(
        "the source is among the targets: alerts of one name would inhibit each other (Alertmanager compares names, not rules)",
      );
    const seen = new Set<string>();
    for (const label of equal) {
      if (!isValidLabelName(label)) fail(`equal: ${JSON.stringify(label)} is not a label name`);
      if (seen.has(label)) fail(`equal: ${JSON.stringify(label)} is listed twice`);
      seen.add(label);
      for (const rule of [source, ...targets]) {
        const carried = carriedLabels(rule);
        if (carried !== undefined && !carried.has(label))
          fail(
            `equal: ${rule.name} has no label ${JSON.stringify(label)} (it has ${[...carried].sort().join(", ") || "none"}); Alertmanager would compare an empty value`,
          );
      }
    }
    const sourceCarries = carriedLabels(source);
    for (const [label, value] of Object.entries(sourceLabels)) {
      if (!isValidLabelName(label))
        fail(`sourceLabels: ${JSON.stringify(label)} is not a label name`);
      if (sourceCarries !== undefined && !sourceCarries.has(label))
        fail(`sourceLabels: ${source.name} has no label ${JSON.stringify(label)}`);
      const own = source.spec.labels?.[label];
      if (typeof own === "string" && !own.includes("{{") && own !== value)
        fail(
          `sourceLabels: ${source.name} sets ${label} to ${JSON.stringify(own)}, never ${JSON.stringify(value)}`,
        );
    }
    this.targets = Object.freeze([...targets]);
    this.sourceLabels = Object.freeze({ ...sourceLabels });
    this.equal = Object.freeze([...equal]);
    Object.freeze(this);
  }

  /**
   * The same inhibition on other copies of its rules (after labels were renamed or added): each
   * rule through `copies` (a rule without a copy stays), each `equal` label through `renames`.
   */
  relink(copies: ReadonlyMap<AlertingRule, AlertingRule>, renames: LabelRenames = {}): Inhibition {
    const copy = (r: AlertingRule) => copies.get(r) ?? r;
    return new Inhibition(
      copy(this.source),
      this.targets.map(copy),
      this.equal.map((l) => renames[l] ?? l),
      Object.fromEntries(Object.entries(this.sourceLabels).map(([l, v]) => [renames[l] ?? l, v])),
    );
  }
}

/**
 * The labels an alert may carry: those its expression may keep and its own labels, `severity`
 * included; undefined when the expression's labels are not known (raw PromQL).
 */
export function carriedLabels(rule: AlertingRule): ReadonlySet<string> | undefined {
  const kept = possibleLabels(rule.expr.node);
  return kept && new Set([...kept, ...Object.keys(rule.labels())]);
}

/**
 * While `source` fires, Alertmanager mutes the `targets` alerts whose `equal` labels have the same
 * values (e.g. a SecretStore that is not ready mutes the not-ready ExternalSecrets of its
 * namespace). Alerts are matched by name and by the labels each rule sets to a fixed text (never
 * `severity`, which configs change): copies of an alert (one per critical object) are targets too.
 */
export function inhibit<S extends string, const R extends AlertingRule<string>>(
  source: AlertingRule<S>,
  targets: R | readonly R[],
  options: InhibitOptions<SharedLabels<S, R>, S>,
): Inhibition {
  const list: readonly AlertingRule[] = Array.isArray(targets) ? targets : [targets as R];
  const sourceLabels = Object.fromEntries(
    Object.entries(options.sourceLabels ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  return new Inhibition(source as AlertingRule, list, options.equal, sourceLabels);
}

/**
 * Checks inhibitions against the rule groups they ship with: each names alerts of those groups (a
 * stale copy of a rule, left behind by a rename, would inhibit by a name nothing carries), and no
 * two alerts inhibit each other (Alertmanager would mute both while both fire, hiding the cause).
 */
export function assertInhibitionsOf(
  groups: readonly { readonly rules: readonly unknown[] }[],
  inhibitions: readonly Inhibition[],
): void {
  const alerts = new Set(groups.flatMap((g) => g.rules));
  const edges = new Set<string>();
  for (const i of inhibitions) {
    const what = `inhibit(${i.source.name} -> ${[...new Set(i.targets.map((t) => t.name))].join(", ")})`;
    for (const rule of [i.source, ...i.targets])
      if (!alerts.has(rule))
        throw new InhibitionError(
          `${what}: this ${rule.name} is not an alert of the rule groups it ships with; build the inhibition from the rules in the groups`,
        );
    for (const t of i.targets) edges.add(`${i.source.name}\n${t.name}`);
  }
  for (const edge of edges) {
    const [from, to] = edge.split("\n") as [string, string];
    if (edges.has(`${to}\n${from}`))
      throw new InhibitionError(
        `inhibit(${from} -> ${to}): ${to} also inhibits ${from}; while both fire Alertmanager would mute both`,
      );
  }
}
