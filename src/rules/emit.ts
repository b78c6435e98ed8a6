/**
 * Emitters: plain Prometheus rule files, PrometheusRule manifests (split to stay under the operator's
 * limit), Mimir ruler namespace files and Thanos rule files. Pure functions of valid groups; they do
 * not validate (call assertValidGroups first).
 */
import { print } from "../promql/printer.js";
import { printDuration, duration } from "../promql/duration.js";
import { AlertingRule, type Rule, type RuleGroup } from "./model.js";
import { toGoTemplate, type Template } from "./template.js";
import { toYaml } from "./yaml.js";

type Plain = Record<string, unknown>;

function sortedMap(entries: Iterable<[string, string]>): Record<string, string> | undefined {
  const list = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return list.length === 0 ? undefined : Object.fromEntries(list);
}

function templates(
  map: Readonly<Record<string, Template<string>>>,
): Record<string, string> | undefined {
  return sortedMap(Object.entries(map).map(([k, t]) => [k, toGoTemplate(t).text]));
}

function canonicalDuration(d: string): string {
  return printDuration(duration(d as "5m"));
}

/** One rule as Prometheus' rule file format has it, keys in the conventional order. */
function ruleObject(rule: Rule): Plain {
  if (rule instanceof AlertingRule) {
    const s = rule.spec;
    return dropUndefined({
      alert: rule.name,
      expr: print(rule.expr.node),
      for: s.for === undefined ? undefined : canonicalDuration(s.for),
      keep_firing_for:
        s.keepFiringFor === undefined ? undefined : canonicalDuration(s.keepFiringFor),
      labels: templates(rule.labels()),
      annotations: templates(rule.annotations()),
    });
  }
  return dropUndefined({
    record: rule.name,
    expr: print(rule.expr.node),
    labels: sortedMap(Object.entries(rule.spec.labels ?? {})),
  });
}

export type RuleFormat = "prometheus" | "thanos" | "mimir";

function groupObject(g: RuleGroup, format: RuleFormat): Plain {
  const o = g.options;
  return dropUndefined({
    name: g.name,
    interval: o.interval === undefined ? undefined : canonicalDuration(o.interval),
    limit: o.limit,
    query_offset: o.queryOffset === undefined ? undefined : canonicalDuration(o.queryOffset),
    labels: sortedMap(Object.entries(o.labels ?? {})),
    // Only the Thanos ruler knows this field; Prometheus refuses unknown fields.
    partial_response_strategy:
      format === "thanos" ? (o.partialResponseStrategy ?? "abort") : undefined,
    rules: g.rules.map(ruleObject),
  });
}

function dropUndefined(o: Plain): Plain {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** A plain rule file for Prometheus (`rule_files:`) and `promtool check rules`. */
export function emitRuleFile(groups: readonly RuleGroup[]): string {
  return toYaml({ groups: groups.map((g) => groupObject(g, "prometheus")) });
}

/** A Thanos ruler file; groups carry `partial_response_strategy` (default "abort"). */
export function emitThanosRuleFile(groups: readonly RuleGroup[]): string {
  return toYaml({ groups: groups.map((g) => groupObject(g, "thanos")) });
}

/** A Mimir ruler namespace file, as `mimirtool rules load` reads it. */
export function emitMimirRuleFile(namespace: string, groups: readonly RuleGroup[]): string {
  return toYaml({ namespace, groups: groups.map((g) => groupObject(g, "mimir")) });
}

export interface PrometheusRuleOptions {
  /** metadata.name; split objects get `-2`, `-3`, ... */
  readonly name: string;
  readonly namespace?: string;
  /** e.g. `{ release: "kube-prometheus-stack" }`, which the Prometheus' ruleSelector matches. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** prometheus-operator refuses rule files above 512 KiB; lower it to leave room. */
  readonly maxBytes?: number;
}

export const prometheusOperatorMaxBytes = 512 * 1024;

export class RuleSizeError extends Error {
  override readonly name = "RuleSizeError";
}

function manifest(
  options: PrometheusRuleOptions,
  name: string,
  groups: readonly RuleGroup[],
): string {
  return toYaml({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: dropUndefined({
      name,
      namespace: options.namespace,
      labels: sortedMap(Object.entries(options.labels ?? {})),
      annotations: sortedMap(Object.entries(options.annotations ?? {})),
    }),
    spec: { groups: groups.map((g) => groupObject(g, "prometheus")) },
  });
}

/**
 * PrometheusRule manifests, as few as possible, each below the operator's size limit (whole groups per
 * object). A single group above the limit cannot be split safely and is refused.
 */
export function emitPrometheusRules(
  groups: readonly RuleGroup[],
  options: PrometheusRuleOptions,
): string[] {
  const max = options.maxBytes ?? prometheusOperatorMaxBytes;
  const nameFor = (i: number) => (i === 0 ? options.name : `${options.name}-${i + 1}`);
  const chunks = chunkBySize(groups, options, max, nameFor);
  const texts = chunks.map((c, i) => manifest(options, nameFor(i), c));
  // The sizes were added up, not printed: check what is emitted, and print every candidate if an
  // object came out above the limit (never seen; it would take YAML that does not add up).
  if (texts.some((t, i) => (chunks[i]?.length ?? 0) > 1 && byteSize(t) > max)) {
    const exact = chunkByPrinting(groups, options, max, nameFor);
    return exact.map((c, i) => manifest(options, nameFor(i), c));
  }
  return texts;
}

const byteSize = (text: string) => Buffer.byteLength(text, "utf8");

function tooLarge(options: PrometheusRuleOptions, g: RuleGroup, bytes: number, max: number) {
  return new RuleSizeError(
    `PrometheusRule ${options.name}: group ${JSON.stringify(g.name)} alone is ${bytes} bytes, over the ` +
      `${max}-byte limit of prometheus-operator; split the group into smaller groups`,
  );
}

/**
 * Groups into chunks, each printed below `max`. A manifest is a header plus one block of lines per
 * group (fresh objects, so no aliases; no line folding), so its size is the header's plus its
 * groups': each group is printed once, alone, instead of once per candidate chunk, which made a
 * 10,000-rule set reprint its first 512 KiB for every group (quadratic).
 */
function chunkBySize(
  groups: readonly RuleGroup[],
  options: PrometheusRuleOptions,
  max: number,
  nameFor: (i: number) => string,
): RuleGroup[][] {
  const headers = new Map<string, number>();
  // header = [g] minus g's block, and g's block = [g, g] minus [g].
  const header = (name: string, g: RuleGroup, alone: number) => {
    let bytes = headers.get(name);
    if (bytes === undefined) {
      bytes = 2 * alone - byteSize(manifest(options, name, [g, g]));
      headers.set(name, bytes);
    }
    return bytes;
  };
  const chunks: RuleGroup[][] = [];
  let current: RuleGroup[] = [];
  let currentBytes = 0;
  for (const g of groups) {
    const name = nameFor(chunks.length);
    const alone = byteSize(manifest(options, name, [g]));
    if (alone > max) throw tooLarge(options, g, alone, max);
    const block = alone - header(name, g, alone);
    if (current.length > 0 && currentBytes + block > max) {
      chunks.push(current);
      current = [g];
      const next = nameFor(chunks.length);
      currentBytes = header(next, g, byteSize(manifest(options, next, [g]))) + block;
    } else {
      current.push(g);
      currentBytes = current.length === 1 ? alone : currentBytes + block;
    }
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** The same chunks, found by printing every candidate chunk. */
function chunkByPrinting(
  groups: readonly RuleGroup[],
  options: PrometheusRuleOptions,
  max: number,
  nameFor: (i: number) => string,
): RuleGroup[][] {
  const chunks: RuleGroup[][] = [];
  let current: RuleGroup[] = [];
  for (const g of groups) {
    const alone = byteSize(manifest(options, nameFor(chunks.length), [g]));
    if (alone > max) throw tooLarge(options, g, alone, max);
    const candidate = [...current, g];
    if (
      current.length > 0 &&
      byteSize(manifest(options, nameFor(chunks.length), candidate)) > max
    ) {
      chunks.push(current);
      current = [g];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}
