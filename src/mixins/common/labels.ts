/**
 * Mixins write queries with the symbolic labels of the catalog (`exported_namespace`, `cluster`);
 * these helpers apply a config's selectors and cluster label, and give the renames to the real labels.
 */
import { clusterLabel, objectNamespaceLabel } from "../../catalog/define.js";
import { InstantVector } from "../../promql/expr.js";
import type { SampleKind } from "../../promql/kinds.js";
import { renameLabels, type LabelRenames } from "../../promql/rename.js";
import { eq, re, Selector, type Matcher, type Matchers } from "../../promql/selector.js";
import type { MatcherValue } from "./config.js";

export interface LabelConfig {
  readonly objectNamespaceLabel: string;
  readonly clusterLabel?: string | undefined;
}

/**
 * Config matchers as selector matchers. Their labels were checked by the config schema; they may be
 * labels no catalog metric declares (a relabelled `team`, an external label), hence `undeclared`.
 */
export function matchersOf(selector: Readonly<Record<string, MatcherValue>>): Matchers<never> {
  const out: Record<string, Matcher> = {};
  for (const [label, value] of Object.entries(selector)) {
    const matcher = typeof value === "string" ? eq(value) : re(value.regex);
    out[label] = { ...matcher, undeclared: true };
  }
  return out as Matchers<never>;
}

/** `by` labels with the cluster label first when one is configured. */
export function groupBy<const G extends string>(
  config: LabelConfig,
  ...labels: G[]
): (G | typeof clusterLabel)[] {
  return config.clusterLabel ? [clusterLabel, ...labels] : labels;
}

/** From the catalog's symbolic labels to the ones the config says the data has. */
export function labelRenames(config: LabelConfig): LabelRenames {
  return {
    [objectNamespaceLabel]: config.objectNamespaceLabel,
    ...(config.clusterLabel ? { [clusterLabel]: config.clusterLabel } : {}),
  };
}

/** Compares releases like "v0.14.4" (a leading "v" is optional). */
export function versionAtLeast(version: string, since: string): boolean {
  const parts = (v: string) => v.replace(/^v/, "").split(".").map(Number);
  const [a, b] = [parts(version), parts(since)];
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/**
 * Applies label renames to dashboard queries, variables and legends. The types keep the symbolic
 * labels the query was written with, which is what the compile-time checks of legends need.
 */
export function relabeler(renames: LabelRenames) {
  return {
    label: <const L extends string>(label: L): L => (renames[label] ?? label) as L,
    expr: <E extends InstantVector<string, SampleKind>>(e: E): E =>
      new InstantVector(renameLabels(e.node, renames)) as unknown as E,
    selector: <S extends Selector<string, SampleKind>>(s: S): S =>
      new Selector(renameLabels(s.node, renames)) as unknown as S,
    legend: <const T extends string>(text: T): T =>
      text.replace(
        /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g,
        (_, l: string) => `{{${renames[l] ?? l}}}`,
      ) as T,
  };
}

/** Label renames for dashboard queries, variables and legends (see relabeler). */
export type Relabeler = ReturnType<typeof relabeler>;
