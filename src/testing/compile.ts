/**
 * Compiles scenarios into a `promtool test rules` file, after guarding against tests that would pass
 * vacuously: unknown alerts, recorded series no rule defines, alerts without a firing and a quiet case,
 * and contradictory expectations.
 */
import { parseDurationMs, formatDuration, type DurationLiteral } from "../promql/duration.js";
import type { Node } from "../promql/ast.js";
import { operationsUsed } from "../promql/features.js";
import { print } from "../promql/printer.js";
import { AlertingRule, RecordingRule, type RuleGroup } from "../rules/model.js";
import { renderTemplate, toGoTemplate } from "../rules/template.js";
import { toYaml } from "../rules/yaml.js";
import { seriesNotation, type Scenario } from "./scenario.js";

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the scenarios:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

export interface TestFileSpec {
  /** Rule files the tests load, relative to the test file. */
  readonly ruleFiles: readonly string[];
  /** The groups those files hold: the guards and the expected annotations come from them. */
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
  /** How often promtool evaluates the rules (default 1m); a scenario may ask for its own. */
  readonly evaluationInterval?: DurationLiteral;
  /** Require every alert to have a firing and a quiet case (default true). */
  readonly requireCoverage?: boolean;
}

/**
 * promtool checks an alert expectation against the evaluation at or before its time, and a query
 * finds rule results (recorded series, ALERTS) only up to 5m (the lookback) after the evaluation
 * that wrote them: expectations between two evaluations would not test what they say.
 */
const lookbackMs = 5 * 60_000;
const expectationNames = {
  alert: "expectAlert",
  noAlert: "expectNoAlert",
  pending: "expectPending",
  samples: "expectSamples",
} as const;

const sortKeys = (o: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Whether the result of `node` keeps the metric name (promtool expects it in sample labels then). */
function metricNameOf(node: Node): string | undefined {
  switch (node.type) {
    case "vectorSelector":
      return node.name;
    case "binary":
      if (node.op === "and" || node.op === "unless") return metricNameOf(node.lhs);
      if (["==", "!=", ">", "<", ">=", "<="].includes(node.op) && !node.bool) {
        return node.lhs.type === "number" ? metricNameOf(node.rhs) : metricNameOf(node.lhs);
      }
      return undefined;
    case "call":
      return ["label_replace", "label_join", "sort", "sort_desc", "last_over_time"].includes(
        node.fn,
      ) && node.args[0]
        ? metricNameOf(node.args[0])
        : undefined;
    case "aggregate":
      return node.op === "topk" || node.op === "bottomk" ? metricNameOf(node.expr) : undefined;
    case "subquery":
    case "matrixSelector":
      return node.type === "matrixSelector" ? node.name : metricNameOf(node.expr);
    default:
      return undefined;
  }
}

/**
 * The labels the alert carries for a series with `labels`. A label template that cannot be rendered
 * here would make promtool expect its raw Go text, a test that always fails: it is reported.
 */
function alertLabels(
  alert: AlertingRule,
  labels: Readonly<Record<string, string>>,
  report: (problem: string) => void,
): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  for (const [name, template] of Object.entries(alert.labels())) {
    const r = renderTemplate(template, labels, undefined);
    if ("text" in r) out[name] = r.text;
    else {
      report(
        `label "${name}": ${r.error.replace(/; give the expected text$/, "")}; a scenario cannot check it, so keep alert labels to $labels`,
      );
      out[name] = toGoTemplate(template).text;
    }
  }
  return out;
}

/** The promtool test groups of `spec`'s scenarios by evaluation interval (ms), every guard checked. */
function compileScenarios(spec: TestFileSpec, oneFile: boolean): Map<number, unknown[]> {
  const problems: string[] = [];
  const fileInterval = parseDurationMs(spec.evaluationInterval ?? "1m");
  const alerts = new Map<string, AlertingRule>();
  const alertRules = new Set<AlertingRule>();
  const records = new Set<string>();
  for (const g of spec.groups) {
    for (const r of g.rules) {
      if (r instanceof AlertingRule) {
        alerts.set(r.name, r);
        alertRules.add(r);
      }
      if (r instanceof RecordingRule) records.add(r.name);
    }
  }
  if (spec.ruleFiles.length === 0) problems.push("no rule files: promtool would test nothing");
  if (spec.scenarios.length === 0) problems.push("no scenarios");

  const fired = new Set<string>();
  const quiet = new Set<string>();
  const names = new Set<string>();
  const byInterval = new Map<number, unknown[]>();
  for (const s of spec.scenarios) {
    const at = `scenario ${JSON.stringify(s.name)}`;
    if (names.has(s.name)) problems.push(`${at}: another scenario has the same name`);
    names.add(s.name);
    const every = s.evaluationInterval ? parseDurationMs(s.evaluationInterval) : fileInterval;
    if (oneFile && every !== fileInterval)
      problems.push(
        `${at}: evaluates every ${formatDuration(every)}, the test file every ${formatDuration(fileInterval)}; compileTestFiles writes one file per evaluation interval`,
      );
    if (s.series.length === 0) problems.push(`${at}: no input series`);
    if (s.expect.length === 0) problems.push(`${at}: no expectations; it could not fail`);
    const alertTests = new Map<
      string,
      { alertname: string; at: number; exp: Record<string, unknown>[]; none: boolean }
    >();
    const exprTests = new Map<
      string,
      { expr: string; at: number; samples: { labels: string; value: number }[] }
    >();

    for (const e of s.expect) {
      const offBy = e.at % every;
      if (offBy !== 0 && (e.kind === "alert" || e.kind === "noAlert" || every > lookbackMs)) {
        const last = formatDuration(e.at - offBy);
        problems.push(
          `${at}, ${expectationNames[e.kind]} at ${formatDuration(e.at)}: not a multiple of the evaluation interval ${formatDuration(every)}; ${
            e.kind === "alert" || e.kind === "noAlert"
              ? `promtool would check the alerts of the evaluation at ${last}`
              : `queries see rule results only up to 5m after an evaluation (the last at ${last})`
          }`,
        );
      }
      if (e.kind === "samples") {
        for (const n of [...operationsUsed(e.expr.node).metrics]
          .filter((m) => m.includes(":"))
          .sort()) {
          if (!records.has(n))
            problems.push(`${at}: expectSamples uses ${n}, but no recording rule defines it`);
        }
        const expr = print(e.expr.node);
        const key = `${e.at} ${expr}`;
        const t = exprTests.get(key) ?? { expr, at: e.at, samples: [] };
        const name = metricNameOf(e.expr.node);
        for (const sample of e.samples)
          t.samples.push({
            labels: seriesNotation(name ?? "", sample.labels),
            value: sample.value,
          });
        exprTests.set(key, t);
        continue;
      }
      // Alerts may share a name (a stricter copy for critical objects): prefer the very rule given.
      const known = alertRules.has(e.alert) ? e.alert : alerts.get(e.alert.name);
      const what = `${at}, ${e.kind === "noAlert" ? "expectNoAlert" : e.kind === "pending" ? "expectPending" : "expectAlert"}(${e.alert.name} at ${formatDuration(e.at)})`;
      if (!known) {
        problems.push(
          `${what}: no rule group defines the alert ${e.alert.name}; the test would pass vacuously`,
        );
        continue;
      }
      if (e.kind === "pending") {
        const expr = `ALERTS{alertname=${JSON.stringify(known.name)}, alertstate="pending"}`;
        const key = `${e.at} ${expr}`;
        const t = exprTests.get(key) ?? { expr, at: e.at, samples: [] };
        const labels = {
          ...alertLabels(known, e.labels, (p) => problems.push(`${what}, ${p}`)),
          alertname: known.name,
          alertstate: "pending",
        };
        t.samples.push({ labels: seriesNotation("ALERTS", labels), value: 1 });
        exprTests.set(key, t);
        continue;
      }
      const key = `${e.at} ${known.name}`;
      const t = alertTests.get(key) ?? { alertname: known.name, at: e.at, exp: [], none: false };
      if (e.kind === "noAlert") {
        quiet.add(known.name);
        t.none = true;
      } else {
        fired.add(known.name);
        const labels = alertLabels(known, e.labels, (p) => problems.push(`${what}, ${p}`));
        let annotations: Record<string, string> = {};
        if (e.annotations) annotations = { ...e.annotations };
        else {
          for (const [name, template] of Object.entries(known.annotations())) {
            const r = renderTemplate(template, labels, e.value);
            if ("error" in r) problems.push(`${what}, annotation "${name}": ${r.error}`);
            else annotations[name] = r.text;
          }
        }
        t.exp.push({ exp_labels: sortKeys(labels), exp_annotations: sortKeys(annotations) });
      }
      if (t.none && t.exp.length > 0)
        problems.push(
          `${what}: the scenario expects the alert both to fire and not to fire at this time`,
        );
      alertTests.set(key, t);
    }

    const byTime = <T extends { at: number }>(a: T, b: T) => a.at - b.at;
    const tests = byInterval.get(every) ?? [];
    byInterval.set(every, tests);
    tests.push(
      dropEmpty({
        name: s.name,
        interval: formatDuration(parseDurationMs(s.interval ?? "1m")),
        external_labels: s.externalLabels && sortKeys(s.externalLabels),
        input_series: s.series.map((i) => ({
          series: seriesNotation(i.metric, i.labels),
          values: i.values,
        })),
        alert_rule_test: [...alertTests.values()].sort(byTime).map((t) => ({
          eval_time: formatDuration(t.at),
          alertname: t.alertname,
          exp_alerts: t.exp,
        })),
        promql_expr_test: [...exprTests.values()].sort(byTime).map((t) => ({
          expr: t.expr,
          eval_time: formatDuration(t.at),
          exp_samples: t.samples,
        })),
      }),
    );
  }

  if (spec.requireCoverage ?? true) {
    for (const name of [...alerts.keys()].sort()) {
      if (!fired.has(name))
        problems.push(`alert ${name} has no scenario where it fires (expectAlert)`);
      if (!quiet.has(name))
        problems.push(`alert ${name} has no scenario where it must not fire (expectNoAlert)`);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return byInterval;
}

function testFileText(spec: TestFileSpec, intervalMs: number, tests: readonly unknown[]): string {
  return toYaml({
    rule_files: [...spec.ruleFiles],
    evaluation_interval: formatDuration(intervalMs),
    // Without an order promtool evaluates groups in Go's random map order, so an alert reading a
    // series recorded by an earlier group saw it one evaluation late in some runs: a flaky test.
    ...(spec.groups.length > 1 ? { group_eval_order: spec.groups.map((g) => g.name) } : {}),
    tests,
  });
}

/**
 * The promtool test file for `spec`, or a ScenarioError listing every guard that failed. Every
 * scenario must evaluate at the file's interval; compileTestFiles allows each its own.
 */
export function compileTests(spec: TestFileSpec): string {
  const fileInterval = parseDurationMs(spec.evaluationInterval ?? "1m");
  return testFileText(spec, fileInterval, compileScenarios(spec, true).get(fileInterval) ?? []);
}

/**
 * The name of the test file for the scenarios that evaluate every `intervalMs`, beside the file
 * `fileName` that holds those at the default interval: `flux.rules.test.yaml` at 10m gives
 * `flux.rules.eval-10m.test.yaml`.
 */
export function testFileName(fileName: string, intervalMs: number): string {
  const tag = `.eval-${formatDuration(intervalMs)}`;
  const m = /(\.test)?\.ya?ml$/.exec(fileName);
  return m ? `${fileName.slice(0, m.index)}${tag}${m[0]}` : `${fileName}${tag}`;
}

/**
 * The promtool test files for `spec`, by file name: `fileName` holds the scenarios at the spec's
 * evaluation interval (1m by default), and each other interval a scenario asks for gets a file of
 * its own (promtool has one interval per file), named by testFileName. The guards, coverage among
 * them, apply to all the scenarios together.
 */
export function compileTestFiles(spec: TestFileSpec, fileName: string): Map<string, string> {
  const fileInterval = parseDurationMs(spec.evaluationInterval ?? "1m");
  const byInterval = compileScenarios(spec, false);
  const intervals = [...byInterval.keys()].sort(
    (a, b) => Number(b === fileInterval) - Number(a === fileInterval) || a - b,
  );
  return new Map(
    intervals.map((ms) => [
      ms === fileInterval ? fileName : testFileName(fileName, ms),
      testFileText(spec, ms, byInterval.get(ms) ?? []),
    ]),
  );
}

function dropEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}
