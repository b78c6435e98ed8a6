/**
 * `mixkit doctor`: a project's mixins held against the Prometheus they will run on. For each
 * mixin: every metric its rules read, present or missing; every label they group a present metric
 * by, on its live series or not (with the config change that fixes a known mismatch); and its
 * alerts firing now. Reads only.
 */
import type { MetricMeta } from "../catalog/define.js";
import { versionAtLeast } from "../mixins/common/labels.js";
import { formatDuration } from "../promql/duration.js";
import { escapeRegex, quote } from "../promql/strings.js";
import type { RuleGroup } from "../rules/model.js";
import { AlertingRule } from "../rules/model.js";
import { compareVersions, isVersion, type PrometheusVersion } from "../promql/features.js";
import { DoctorConnectionError, type PrometheusApi } from "./client.js";
import { queryCosts, type QueryCost } from "./cost.js";
import { dataExpectations } from "./expectations.js";
import { forSeconds, replayableExpr, replayHistory, type AlertHistory } from "./replay.js";

export type DoctorCheck = "metric-missing" | "source-missing" | "label-missing" | "selector-empty";

export interface DoctorFinding {
  readonly mixin: string;
  readonly check: DoctorCheck;
  /** The metric, or the label. */
  readonly subject: string;
  readonly message: string;
  /** The config change that would fix it, when the doctor can tell. */
  readonly fix?: string;
}

export interface DoctorMixinReport {
  readonly name: string;
  readonly metrics: number;
  readonly metricsPresent: number;
  /** Alert name -> the series firing now. */
  readonly firing: Readonly<Record<string, number>>;
  /** Each `up` selector the rules read: its targets up and down now. */
  readonly targets: readonly {
    readonly selector: string;
    readonly up: number;
    readonly down: number;
  }[];
  /** Each alert replayed over the window, with its `for`. */
  readonly history: readonly AlertHistory[];
  /** Alerts not replayed: they read a record the server lacks, with matchers. */
  readonly notReplayed: readonly string[];
  /** Each rule and dashboard query: the series it touches and one evaluation's time, most first. */
  readonly cost: readonly QueryCost[];
}

export interface DoctorReport {
  readonly url: string;
  /** The replay window, e.g. `1d`. */
  readonly since: string;
  readonly version: string | undefined;
  readonly mixins: readonly DoctorMixinReport[];
  readonly findings: readonly DoctorFinding[];
}

export interface DoctorMixin {
  readonly name: string;
  readonly groups: readonly RuleGroup[];
  /** The cluster label its config names, if any. */
  readonly clusterLabel?: string | undefined;
  /** What its catalog says of its metrics: where each comes from, and since when. */
  readonly metrics?: readonly MetricMeta[];
  /** The component version its config says is deployed. */
  readonly version?: string | undefined;
  /** Its dashboards, whose queries are costed too. */
  readonly dashboards?: readonly { build(): unknown }[];
}

/** The catalog entry of a series name (a histogram's `_bucket`, `_count` and `_sum` included). */
function metaOf(metas: readonly MetricMeta[], name: string): MetricMeta | undefined {
  const base = name.replace(/_(bucket|count|sum)$/, "");
  return metas.find((m) => m.name === name) ?? metas.find((m) => m.name === base);
}

const list = (rules: readonly string[]) =>
  rules.length <= 3
    ? rules.join(", ")
    : `${rules.slice(0, 3).join(", ")} and ${rules.length - 3} more`;

/** Whether any series of `metric` has `label` set. */
async function hasLabel(api: PrometheusApi, metric: string, label: string): Promise<boolean> {
  return (await api.query(`count({__name__=${quote(metric)}, ${label}!=""})`)).length > 0;
}

/** Why `label` is missing and what to change, for the labels the config decides. */
async function labelFix(
  api: PrometheusApi,
  mixin: DoctorMixin,
  metric: string,
  label: string,
): Promise<string | undefined> {
  if (label === "exported_namespace" && (await hasLabel(api, metric, "namespace")))
    return 'the series carry the object\'s namespace as `namespace` (a ServiceMonitor with honorLabels: true): set objectNamespaceLabel: "namespace"';
  if (label === "namespace" && (await hasLabel(api, metric, "exported_namespace")))
    return 'the series carry the object\'s namespace as `exported_namespace` (honorLabels: false): set objectNamespaceLabel: "exported_namespace", the default';
  if (label === mixin.clusterLabel)
    return `no series carries the cluster label \`${label}\`: set it in Prometheus' external_labels or remote-write relabelling, or leave clusterLabel unset on a single-cluster Prometheus`;
  return undefined;
}

export interface DoctorOptions {
  /** The oldest Prometheus the rules are written for: an older server is refused. */
  readonly targetPrometheus?: PrometheusVersion;
  /** How far back to replay the alerts, in seconds (default a day). */
  readonly sinceSec?: number;
  /** The end of the replay window, in Unix seconds (default now). */
  readonly nowSec?: number;
  readonly onProgress?: (what: string) => void;
}

export async function runDoctor(
  api: PrometheusApi,
  mixins: readonly DoctorMixin[],
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const { onProgress } = options;
  const sinceSec = options.sinceSec ?? 86_400;
  const nowSec = options.nowSec ?? Math.floor(Date.now() / 1000);
  // Prometheus answers at most 11,000 points per series.
  const stepSec = Math.max(60, Math.ceil(sinceSec / 10_000));
  const version = await api.version();
  const running = /^(\d+\.\d+)/.exec(version ?? "")?.[1];
  if (
    options.targetPrometheus !== undefined &&
    running !== undefined &&
    isVersion(running) &&
    compareVersions(running, options.targetPrometheus) < 0
  )
    throw new DoctorConnectionError(
      `${api.url}: Prometheus ${version} is older than the project's targetPrometheus ${options.targetPrometheus}: the rules may use what it lacks; upgrade it, or set targetPrometheus: "${running}" and build again`,
    );
  const names = await api.metricNames();
  const findings: DoctorFinding[] = [];
  const reports: DoctorMixinReport[] = [];
  for (const mixin of mixins) {
    onProgress?.(`mixkit doctor: ${mixin.name}`);
    const { metrics, groupedBy, selectors } = dataExpectations(mixin.groups);
    const presentMetrics = [...metrics.keys()].filter((m) => names.has(m)).sort();
    // Missing metrics, by the component that exports them: when none of a component's is there,
    // the component is not installed or not scraped, one finding; else each metric, with the
    // release that added it when the catalog knows.
    const metas = mixin.metrics ?? [];
    const componentOf = (metric: string) => metaOf(metas, metric)?.source.component;
    const sorted = [...metrics].sort(([a], [b]) => (a < b ? -1 : 1));
    const absentComponents = new Set(
      sorted
        .map(([m]) => componentOf(m))
        .filter(
          (c): c is string =>
            c !== undefined && sorted.every(([m]) => componentOf(m) !== c || !names.has(m)),
        ),
    );
    const ksmRuns = [...names].some((n) => n.startsWith("kube_"));
    for (const component of absentComponents) {
      const missing = sorted.filter(([m]) => componentOf(m) === component);
      const rules = [...new Set(missing.flatMap(([, r]) => r))];
      const what = `no metric of ${component} is on this server (${list(missing.map(([m]) => m))}), and ${list(rules)} read${rules.length === 1 ? "s" : ""} them`;
      // kube-state-metrics runs in every kube-prometheus-stack; the object metrics need its
      // custom-resource config, which the build writes.
      const withoutConfig = component === "kube-state-metrics" && ksmRuns;
      findings.push({
        mixin: mixin.name,
        check: "source-missing",
        subject: component,
        message: withoutConfig
          ? `${what}: kube-state-metrics runs (kube_* metrics are here) without mixkit's custom-resource-state config`
          : `${what}: is ${component} installed, and its ServiceMonitor or PodMonitor selected by this Prometheus?`,
        ...(withoutConfig
          ? {
              fix: `give kube-state-metrics the CustomResourceStateMetrics config the build writes in rules/${mixin.name}/ (its kube-prometheus-stack values file), or leave kube-state-metrics out of the mixin's sources`,
            }
          : {}),
      });
    }
    for (const [metric, rules] of sorted) {
      if (names.has(metric) || absentComponents.has(componentOf(metric) ?? "")) continue;
      const meta = metaOf(metas, metric);
      const where = meta
        ? ` (${meta.source.component}${meta.source.file ? `, ${meta.source.file}` : ""}, since ${meta.since})`
        : "";
      // Every metric of the component that is here is older than this one: the running release
      // may predate it, though the config says otherwise.
      const newest = sorted
        .filter(([m]) => names.has(m) && componentOf(m) === meta?.source.component)
        .map(([m]) => metaOf(metas, m)?.since ?? "v0.0.0");
      const older =
        meta &&
        mixin.version !== undefined &&
        newest.length > 0 &&
        newest.every((since) => !versionAtLeast(since, meta.since))
          ? `; the ${meta.source.component} metrics here are all older than ${meta.since}: it may run an older release than the config's version ${mixin.version}`
          : "";
      findings.push({
        mixin: mixin.name,
        check: "metric-missing",
        subject: metric,
        message: `no series of ${metric}${where}, which ${list(rules)} read${rules.length === 1 ? "s" : ""}: ${rules.length === 1 ? "it" : "they"} can never fire on this server${older}`,
      });
    }
    // A label the rules group by must be on the series of some metric they group by it: one
    // metric without it may be a cluster-scoped object's (no namespace); all of them, a mismatch.
    const byLabel = new Map<string, { metric: string; rules: readonly string[] }[]>();
    for (const metric of presentMetrics)
      for (const [label, rules] of groupedBy.get(metric) ?? [])
        byLabel.set(label, [...(byLabel.get(label) ?? []), { metric, rules }]);
    for (const [label, users] of [...byLabel].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const carried = await Promise.all(users.map((u) => hasLabel(api, u.metric, label)));
      if (carried.some(Boolean)) continue;
      const first = users[0] as { metric: string; rules: readonly string[] };
      const rules = [...new Set(users.flatMap((u) => u.rules))];
      const fix = await labelFix(api, mixin, first.metric, label);
      findings.push({
        mixin: mixin.name,
        check: "label-missing",
        subject: label,
        message: `no series of ${list(users.map((u) => u.metric))} has the label ${label}, which ${list(rules)} group${rules.length === 1 ? "s" : ""} by`,
        ...(fix === undefined ? {} : { fix }),
      });
    }
    const present = presentMetrics.length;
    // A selector whose matchers pick nothing (a ServiceMonitor's job that is not the default).
    // Each matcher that picks nothing alone is a culprit; one finding per culprit, naming the
    // values the metrics have for its label, to select instead.
    const targets: { selector: string; up: number; down: number }[] = [];
    const culprits = new Map<string, { label: string; metrics: string[]; rules: string[] }>();
    for (const [selector, { metric, matchers, rules }] of selectors) {
      if (!names.has(metric)) continue;
      const matched = await api.query(`count by (__name__) (${selector})`);
      if (metric === "up") {
        const states = await api.query(`count by (__name__) (${selector} == 1)`);
        const up = states[0]?.value ?? 0;
        targets.push({ selector, up, down: (matched[0]?.value ?? 0) - up });
      }
      if (matched.length > 0) continue;
      for (const [label, value] of matchers) {
        const alone = await api.query(`count(${metric}{${label}=${quote(value)}})`);
        if (alone.length > 0) continue;
        const key = `${label}=${quote(value)}`;
        const entry = culprits.get(key) ?? { label, metrics: [], rules: [] };
        if (!entry.metrics.includes(metric)) entry.metrics.push(metric);
        for (const r of rules) if (!entry.rules.includes(r)) entry.rules.push(r);
        culprits.set(key, entry);
      }
    }
    for (const [matcher, { label, metrics: picked, rules }] of culprits) {
      const seen = await api.query(
        `topk(10, count by (${label}) ({__name__=~${quote(picked.map(escapeRegex).join("|"))}}))`,
      );
      const values = [
        ...new Set(seen.map((x) => `${label}=${quote(x.labels[label] ?? "")}`)),
      ].sort();
      findings.push({
        mixin: mixin.name,
        check: "selector-empty",
        subject: matcher,
        message: `${matcher} matches no series of ${list(picked)}, which ${list(rules)} read${rules.length === 1 ? "s" : ""}; ${picked.length === 1 ? "it has" : "they have"} ${values.length > 0 ? values.join(", ") : `no ${label} label`}`,
        fix: "set the mixin's selector option to the labels the targets really have (a ServiceMonitor's job is its Service's name unless jobLabel says otherwise)",
      });
    }
    const alerts = [
      ...new Set(
        mixin.groups.flatMap((g) =>
          g.rules.filter((r) => r instanceof AlertingRule).map((r) => r.name),
        ),
      ),
    ];
    const firing: Record<string, number> = {};
    if (alerts.length > 0) {
      const matcher = quote(alerts.map(escapeRegex).join("|"));
      for (const { labels, value } of await api.query(
        `count by (alertname) (ALERTS{alertstate="firing", alertname=~${matcher}})`,
      ))
        if (labels["alertname"]) firing[labels["alertname"]] = value;
    }
    const history: AlertHistory[] = [];
    const notReplayed: string[] = [];
    const alertRules = mixin.groups.flatMap((g) =>
      g.rules.filter((r) => r instanceof AlertingRule),
    );
    for (const [i, alert] of alertRules.entries()) {
      onProgress?.(
        `mixkit doctor: ${mixin.name}: replaying ${alert.name} (${i + 1}/${alertRules.length})`,
      );
      const expr = replayableExpr(mixin.groups, alert, names);
      if (expr === undefined) {
        notReplayed.push(alert.name);
        continue;
      }
      const series = await api.queryRange(expr, nowSec - sinceSec, nowSec, stepSec);
      history.push(replayHistory(alert.name, series, forSeconds(alert), stepSec));
    }
    onProgress?.(`mixkit doctor: ${mixin.name}: costing its rules and dashboard queries`);
    const cost = await queryCosts(api, mixin.groups, mixin.dashboards ?? []);
    reports.push({
      name: mixin.name,
      cost,
      metrics: metrics.size,
      metricsPresent: present,
      firing,
      targets,
      history,
      notReplayed,
    });
  }
  return {
    url: api.url,
    since: formatDuration(sinceSec * 1000),
    version,
    mixins: reports,
    findings,
  };
}
