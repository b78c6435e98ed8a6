/**
 * `mixkit doctor --prometheus URL`: the project's config held against the Prometheus (or Thanos,
 * or Mimir) it will run on, which it only reads.
 */
import { DoctorConnectionError, prometheusApi } from "../doctor/client.js";
import { runDoctor, type DoctorReport } from "../doctor/run.js";
import { formatDuration, parseDurationMs } from "../promql/duration.js";
import {
  CliError,
  configHelp,
  configOption,
  exitCode,
  formatHelp,
  formatOption,
  helpHelp,
  helpOption,
  reportFormat,
  reportingErrors,
  type Command,
  type Values,
} from "./command.js";
import { loadProject } from "./project.js";
import { annotation, jsonReport } from "./report-format.js";

const usage = (message: string) => new CliError(`mixkit doctor: ${message}`);

function headersOf(values: Values): Record<string, string> {
  const raw = values["header"];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Record<string, string> = {};
  for (const h of list) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(String(h));
    if (!m) throw usage(`--header takes "Name: value", not ${JSON.stringify(h)}`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** A duration option in milliseconds, or a usage error. */
function durationOf(values: Values, option: string, fallbackMs: number): number {
  const raw = values[option];
  if (raw === undefined) return fallbackMs;
  try {
    const ms = parseDurationMs(String(raw));
    if (ms > 0) return ms;
  } catch {
    // reported below
  }
  throw usage(`--${option} takes a duration such as 30s, 2m or 7d, not ${JSON.stringify(raw)}`);
}

function limitOf(values: Values): number {
  const raw = values["limit"];
  if (raw === undefined) return 100_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw usage(`--limit takes a whole number above 0, not ${JSON.stringify(raw)}`);
  return n;
}

function urlOf(values: Values): string {
  const raw = values["prometheus"];
  if (typeof raw !== "string" || raw === "")
    throw usage("--prometheus URL is required: the Prometheus, Thanos or Mimir query URL to check");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usage(`--prometheus ${JSON.stringify(raw)} is not a URL (e.g. http://prometheus:9090)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw usage(`--prometheus ${raw}: http or https only`);
  return raw;
}

function textLines(report: DoctorReport): string[] {
  const lines: string[] = [
    `${report.url}: Prometheus ${report.version ?? "(version not served: Thanos or Mimir?)"}`,
  ];
  for (const m of report.mixins) {
    const firing = Object.entries(m.firing)
      .map(([alert, n]) => `${alert} (${n})`)
      .join(", ");
    lines.push(
      `${m.name}: ${m.metricsPresent} of ${m.metrics} metrics its rules read are present; firing now: ${firing || "nothing"}`,
    );
    if (m.targets.length > 0)
      lines.push(
        `  targets: ${m.targets.map((t) => `${t.selector} ${t.up} up${t.down > 0 ? `, ${t.down} down` : ""}`).join("; ")}`,
      );
    const fired = m.history.filter((h) => h.fired > 0);
    lines.push(
      `  over ${report.since}: ${
        fired.length === 0
          ? "no alert would have fired"
          : fired
              .map(
                (h) =>
                  `${h.alert} would have fired ${h.fired} time${h.fired === 1 ? "" : "s"} (${formatDuration(h.firingSeconds * 1000)} in all)`,
              )
              .join("; ")
      }${m.notReplayed.length > 0 ? `; not replayed (a record read with matchers is not on the server): ${m.notReplayed.join(", ")}` : ""}`,
    );
    const costly = m.cost.slice(0, 5);
    if (costly.length > 0)
      lines.push(
        `  cost, most series first: ${costly.map((c) => `${c.what} ${c.series} series, ${c.ms} ms`).join("; ")}`,
      );
    for (const f of report.findings.filter((x) => x.mixin === m.name))
      lines.push(`  ${f.message} [${f.check}]${f.fix ? `\n    fix: ${f.fix}` : ""}`);
  }
  return lines;
}

export const doctorCommand: Command = {
  name: "doctor",
  help: `Usage: mixkit doctor --prometheus URL [--mixin NAME] [--since 1d] [--header "K: V"] [--timeout 30s]
                     [--config FILE] [--format text|json|github]

Holds the project's mixins against the Prometheus (or Thanos Query, or Mimir's
Prometheus API) they will run on, reading it only: every metric their rules read,
present or missing; every label the rules group a present metric by, on its live
series or not, with the config change that fixes a known mismatch (honorLabels
turning exported_namespace into namespace, a cluster label no series carries);
the alerts firing now, and each alert replayed over --since: how many times it
would have fired and for how long (a record the server lacks is read through its
expression), and what each rule and dashboard query costs there (the series its
selectors touch, one evaluation's time). Exits 0 when nothing is wrong, 1 on findings, 2 on
usage or connection errors. Credentials come from the environment:
MIXKIT_PROMETHEUS_TOKEN (a bearer token), or MIXKIT_PROMETHEUS_USER and
MIXKIT_PROMETHEUS_PASSWORD (basic auth).

Options:
      --prometheus URL  the query URL, e.g. http://prometheus-operated:9090
      --mixin NAME      one mixin of the project only
      --header "K: V"   an extra request header, e.g. "X-Scope-OrgID: tenant" (repeatable)
      --since D         how far back to replay each alert with its \`for\` (default 1d)
      --timeout D       per request (default 30s)
      --limit N         the most series or metric names one answer may hold (default 100000)
${configHelp}
${formatHelp}
${helpHelp}`,
  options: {
    ...configOption,
    ...helpOption,
    ...formatOption,
    prometheus: { type: "string" },
    mixin: { type: "string" },
    header: { type: "string", multiple: true },
    timeout: { type: "string" },
    since: { type: "string" },
    limit: { type: "string" },
  },
  async run(values, io) {
    const format = reportFormat("doctor", values);
    return reportingErrors("doctor", format, io, async () => {
      const url = urlOf(values);
      const api = prometheusApi(url, {
        headers: headersOf(values),
        timeoutMs: durationOf(values, "timeout", 30_000),
        maxResults: limitOf(values),
      });
      const project = await loadProject(io, values);
      const only = values["mixin"];
      const mixins = project.build.mixins.filter((m) => only === undefined || m.name === only);
      if (mixins.length === 0)
        throw usage(
          `--mixin ${String(only)}: no mixin of that name in this project (${project.build.mixins.map((m) => m.name).join(", ") || "none"})`,
        );
      let report: DoctorReport;
      try {
        report = await runDoctor(
          api,
          mixins.map((m) => ({
            name: m.name,
            groups: m.groups,
            clusterLabel: m.lint.clusterLabel,
            metrics: m.metrics,
            version: m.version,
            dashboards: m.dashboards,
          })),
          {
            targetPrometheus: project.build.targetPrometheus,
            sinceSec: durationOf(values, "since", 86_400_000) / 1000,
            onProgress: (what) => io.status?.(what),
          },
        );
      } catch (err) {
        if (err instanceof DoctorConnectionError) throw usage(err.message);
        throw err;
      } finally {
        io.status?.("");
      }
      // Silenced findings stay in the report, with their reasons, and leave the exit code alone.
      const silences = project.build.doctor.silence;
      const silenceOf = (f: DoctorReport["findings"][number]) =>
        silences.find(
          (x) =>
            x.check === f.check &&
            (x.mixin === undefined || x.mixin === f.mixin) &&
            (x.subject === undefined || x.subject === f.subject),
        );
      const silenced = report.findings.flatMap((f) => {
        const s = silenceOf(f);
        return s ? [{ ...f, reason: s.reason }] : [];
      });
      report = { ...report, findings: report.findings.filter((f) => !silenceOf(f)) };
      const n = report.findings.length;
      const summary = `mixkit doctor: ${mixins.length} mixin${mixins.length === 1 ? "" : "s"} of ${project.config} against ${report.url}: ${n === 0 ? "nothing wrong" : `${n} finding${n === 1 ? "" : "s"}`}${silenced.length > 0 ? `, ${silenced.length} silenced` : ""}`;
      const lines =
        format === "json"
          ? [jsonReport({ config: project.config, ...report, silencedFindings: silenced })]
          : format === "github"
            ? [
                ...report.findings.map((f) =>
                  annotation({
                    level: "error",
                    title: `mixkit doctor: ${f.check}`,
                    message: `${f.mixin}: ${f.message}${f.fix ? ` (fix: ${f.fix})` : ""}`,
                  }),
                ),
                summary,
              ]
            : [
                ...textLines(report),
                ...(silenced.length > 0
                  ? [
                      `silenced: ${silenced.map((f) => `${f.mixin}: ${f.check} ${f.subject} (${f.reason})`).join("; ")}`,
                    ]
                  : []),
                summary,
              ];
      io.out(lines.join("\n"));
      return n === 0 ? exitCode.ok : exitCode.failed;
    });
  },
};
