/**
 * Validation of rule groups before anything is emitted. Every problem names the group, the rule and
 * the field, says what is wrong and how to fix it; all problems are collected, not just the first.
 */
import type { Node } from "../promql/ast.js";
import { parseDurationMs } from "../promql/duration.js";
import { InstantVector, Scalar } from "../promql/expr.js";
import {
  compareVersions,
  isVersion,
  operationsUsed,
  versionProblems,
  type PrometheusVersion,
} from "../promql/features.js";
import { inferLabels } from "../promql/labels.js";
import { isValidLabelName, isValidMetricName } from "../promql/strings.js";
import { AlertingRule, RecordingRule, RuleGroup, type Rule } from "./model.js";
import { referencesIn, templateSyntaxProblem, toGoTemplate, type Template } from "./template.js";

export interface RuleProblem {
  /** e.g. `group "eso", alert "ExternalSecretNotReady", field "for"`. */
  readonly where: string;
  readonly message: string;
}

export class RuleValidationError extends Error {
  override readonly name = "RuleValidationError";
  constructor(readonly problems: readonly RuleProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the rules:\n` +
        problems.map((p) => `  - ${p.where}: ${p.message}`).join("\n"),
    );
  }
}

export interface ValidationOptions {
  /** The oldest Prometheus the rules must load on (default 2.42). */
  readonly targetPrometheus?: PrometheusVersion;
}

export const defaultTarget: PrometheusVersion = "2.42";
const severities = new Set(["critical", "warning", "info"]);
const reservedLabels = new Set(["alertname", "__name__", "alertstate"]);
const recordName = /^[a-zA-Z_][a-zA-Z0-9_]*(:[a-zA-Z0-9_]+){2,}$/;
const camelCase = /^[A-Z][A-Za-z0-9]*$/;

/** Every problem in `groups`; an empty list means they can be emitted. */
export function validateGroups(
  groups: readonly RuleGroup[],
  options: ValidationOptions = {},
): RuleProblem[] {
  const target = options.targetPrometheus ?? defaultTarget;
  const problems: RuleProblem[] = [];
  const report = (where: string, message: string) => problems.push({ where, message });
  if (!isVersion(target)) {
    report('options, field "targetPrometheus"', `"${target}" is not a version like "2.42"`);
    return problems;
  }

  const records = new Map<string, string>();
  for (const g of groups)
    for (const r of g.rules) if (r instanceof RecordingRule) records.set(r.name, g.name);

  const groupNames = new Set<string>();
  groups.forEach((g, gi) => {
    if (!(g instanceof RuleGroup)) {
      report(`group #${gi + 1}`, "not a rule group; build it with group(name, rules, options)");
      return;
    }
    const at = `group ${JSON.stringify(g.name)}`;
    if (g.name.trim() === "") report(`group #${gi + 1}`, "the group name is empty");
    if (groupNames.has(g.name))
      report(at, "another group has the same name; group names must be unique");
    groupNames.add(g.name);
    validateGroupOptions(g, at, target, report);
    if (g.rules.length === 0) report(at, "the group has no rules");

    const seen = new Set<string>();
    const definedSoFar = new Set<string>();
    g.rules.forEach((r, ri) => {
      if (!(r instanceof RecordingRule) && !(r instanceof AlertingRule)) {
        report(`${at}, rule #${ri + 1}`, "not a rule; build it with record(...) or alert(...)");
        return;
      }
      const where = `${at}, ${r.kind === "record" ? "record" : "alert"} ${JSON.stringify(r.name)}`;
      // Alert names and recorded series names are separate namespaces; one name may serve several
      // rules with distinct labels (an alert per critical object), as Prometheus and promtool allow.
      const key = ruleIdentity(r);
      if (seen.has(key))
        report(
          where,
          "the name is used twice in the group with the same labels; give one of them a distinct name or label",
        );
      seen.add(key);
      if (r instanceof RecordingRule) validateRecord(r, where, report);
      else validateAlert(r, where, report);
      if (isExprLike(r.expr)) {
        for (const p of versionProblems(r.expr.node, target)) report(`${where}, field "expr"`, p);
        checkDependencies(
          r.expr.node,
          g.name,
          definedSoFar,
          records,
          `${where}, field "expr"`,
          report,
        );
      }
      if (r instanceof RecordingRule) definedSoFar.add(r.name);
    });
  });
  return problems;
}

/** Throws a RuleValidationError listing every problem, or returns quietly. */
/** A rule's kind, name and labels as written: what promtool's duplicate check compares. */
export function ruleIdentity(r: AlertingRule | RecordingRule): string {
  const labels =
    r instanceof AlertingRule
      ? Object.entries(r.labels()).map(([k, t]) => [
          k,
          typeof t === "string" || typeof t === "function" ? toGoTemplate(t).text : String(t),
        ])
      : Object.entries(r.spec.labels ?? {});
  return JSON.stringify([
    r.kind,
    r.name,
    labels.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
  ]);
}

export function assertValidGroups(
  groups: readonly RuleGroup[],
  options: ValidationOptions = {},
): void {
  const problems = validateGroups(groups, options);
  if (problems.length > 0) throw new RuleValidationError(problems);
}

type Report = (where: string, message: string) => void;

function isExprLike(x: unknown): x is InstantVector | Scalar {
  return x instanceof InstantVector || x instanceof Scalar;
}

function durationProblem(value: unknown): string | undefined {
  if (typeof value !== "string")
    return `expected a duration string like "5m", got ${JSON.stringify(value)}`;
  try {
    parseDurationMs(value);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function needsVersion(
  target: PrometheusVersion,
  since: PrometheusVersion,
  what: string,
): string | undefined {
  return compareVersions(target, since) < 0
    ? `${what} needs Prometheus ${since} or newer, but the target is ${target}; prometheus-operator would drop it silently`
    : undefined;
}

function validateGroupOptions(
  g: RuleGroup,
  at: string,
  target: PrometheusVersion,
  report: Report,
): void {
  const o = g.options;
  if (o.interval !== undefined) {
    const p = durationProblem(o.interval);
    if (p) report(`${at}, field "interval"`, p);
  }
  if (o.limit !== undefined) {
    if (!Number.isInteger(o.limit) || o.limit < 0)
      report(`${at}, field "limit"`, `must be a whole number >= 0, got ${o.limit}`);
    const v = needsVersion(target, "2.31", "limit");
    if (v) report(`${at}, field "limit"`, v);
  }
  if (o.queryOffset !== undefined) {
    const p = durationProblem(o.queryOffset) ?? needsVersion(target, "2.53", "query_offset");
    if (p) report(`${at}, field "query_offset"`, p);
  }
  if (o.labels !== undefined) {
    const v = needsVersion(target, "3.0", "group labels");
    if (v) report(`${at}, field "labels"`, v);
    for (const name of Object.keys(o.labels)) checkLabelName(name, `${at}, field "labels"`, report);
  }
  if (
    o.partialResponseStrategy !== undefined &&
    o.partialResponseStrategy !== "warn" &&
    o.partialResponseStrategy !== "abort"
  ) {
    report(
      `${at}, field "partial_response_strategy"`,
      `must be "warn" or "abort", got ${JSON.stringify(o.partialResponseStrategy)}`,
    );
  }
}

function checkLabelName(name: string, where: string, report: Report): void {
  if (!isValidLabelName(name))
    report(where, `invalid label name ${JSON.stringify(name)}: must match [a-zA-Z_][a-zA-Z0-9_]*`);
  else if (reservedLabels.has(name))
    report(where, `the label ${JSON.stringify(name)} is reserved and set by Prometheus`);
}

function validateRecord(r: RecordingRule, where: string, report: Report): void {
  if (!isValidMetricName(r.name)) {
    report(where, `invalid record name: must match [a-zA-Z_:][a-zA-Z0-9_:]*`);
  } else if (!recordName.test(r.name)) {
    report(
      where,
      `record names follow level:metric:operations (e.g. "namespace_name:externalsecret_sync_calls_error:increase15m")`,
    );
  }
  if (!isExprLike(r.expr))
    report(
      `${where}, field "expr"`,
      "must be a typed instant vector or scalar (use raw() for hand-written PromQL)",
    );
  const spec = r.spec as Record<string, unknown>;
  for (const field of ["for", "keepFiringFor", "annotations", "severity"]) {
    if (spec[field] !== undefined)
      report(`${where}, field "${field}"`, `recording rules have no "${field}"; only alerts do`);
  }
  for (const [name, value] of Object.entries(r.spec.labels ?? {})) {
    checkLabelName(name, `${where}, field "labels"`, report);
    if (typeof value !== "string")
      report(`${where}, label "${name}"`, "recording rule labels are static strings");
  }
}

function validateAlert(a: AlertingRule, where: string, report: Report): void {
  const s = a.spec;
  if (!camelCase.test(a.name))
    report(where, `alert names are CamelCase, like "ExternalSecretNotReady"`);
  if (!(s.expr instanceof InstantVector)) {
    report(
      `${where}, field "expr"`,
      "must be a typed instant vector (an alert fires per series; use raw() for hand-written PromQL)",
    );
  }
  if (!severities.has(s.severity as string)) {
    report(
      `${where}, field "severity"`,
      `must be one of critical, warning, info; got ${JSON.stringify(s.severity)}`,
    );
  }
  for (const [field, key] of [
    ["for", "for"],
    ["keep_firing_for", "keepFiringFor"],
  ] as const) {
    if (s[key] === undefined) continue;
    const p = durationProblem(s[key]);
    if (p) report(`${where}, field "${field}"`, p);
  }
  if (typeof s.summary !== "string" || s.summary.trim() === "") {
    report(`${where}, annotation "summary"`, "a summary sentence is required");
  }
  if (s.description === undefined || s.description === "") {
    report(`${where}, annotation "description"`, "a description is required");
  }
  for (const [field, url] of [
    ["runbook_url", s.runbookUrl],
    ["dashboard_url", s.dashboardUrl],
  ] as const) {
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
      report(
        `${where}, annotation "${field}"`,
        `must be an absolute http(s) URL, got ${JSON.stringify(url)}`,
      );
    }
  }
  const kept = s.expr instanceof InstantVector ? inferLabels(s.expr.node) : undefined;
  for (const [name, template] of Object.entries(a.labels())) {
    checkLabelName(name, `${where}, field "labels"`, report);
    checkTemplate(template, `${where}, label "${name}"`, kept, report, true);
  }
  for (const [name, template] of Object.entries(a.annotations())) {
    if (!isValidLabelName(name))
      report(`${where}, field "annotations"`, `invalid annotation name ${JSON.stringify(name)}`);
    checkTemplate(template, `${where}, annotation "${name}"`, kept, report, false);
  }
}

function checkTemplate(
  template: Template<string>,
  where: string,
  kept: ReadonlySet<string> | undefined,
  report: Report,
  isLabel: boolean,
): void {
  if (typeof template !== "string" && typeof template !== "function") {
    report(where, `expected a string or a template function, got ${JSON.stringify(template)}`);
    return;
  }
  const { text, usesValue, labelsUsed } = toGoTemplate(template);
  const syntax = templateSyntaxProblem(text);
  if (syntax) report(where, `template syntax: ${syntax}`);
  if (isLabel && (usesValue || referencesIn(text).usesValue)) {
    report(where, "$value in a label makes every new value a new alert; move it to an annotation");
  }
  if (kept) {
    for (const label of labelsUsed) {
      if (!kept.has(label)) {
        const have = [...kept].sort().join(", ") || "no labels";
        report(where, `uses $labels.${label}, but the expression's result has only: ${have}`);
      }
    }
  }
}

function checkDependencies(
  node: Node,
  groupName: string,
  definedSoFar: ReadonlySet<string>,
  records: ReadonlyMap<string, string>,
  where: string,
  report: Report,
): void {
  for (const name of [...operationsUsed(node).metrics].sort()) {
    if (!name.includes(":")) continue;
    const owner = records.get(name);
    if (owner === undefined) {
      report(where, `uses the recorded series ${name}, but no recording rule defines it`);
    } else if (owner === groupName && !definedSoFar.has(name)) {
      report(
        where,
        `uses ${name} before the rule that records it; move that recording rule earlier in the group`,
      );
    }
  }
}

export type { Rule };
