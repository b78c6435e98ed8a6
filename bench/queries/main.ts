/**
 * `npm run bench:queries`: our External Secrets dashboard against upstream's on one generated fleet,
 * on one real Prometheus server.
 *
 * 1. Stream the fleet to OpenMetrics on disk and write it as blocks (`promtool tsdb create-blocks-from
 *    openmetrics`); the text file is deleted once the blocks exist.
 * 2. Backfill the mixin's recording rules over the whole history with `promtool tsdb create-blocks-from
 *    rules`, one dependency level at a time (promtool cannot see rules it backfills in the same pass):
 *    start a server on the blocks so far, backfill the level, stop it, add the level's blocks.
 * 3. Start the server on all blocks with the mixin's rule file, wait for its first compaction cycle,
 *    then time every panel of both dashboards as Grafana queries them (range queries over the whole
 *    history at the scrape interval, instant queries at its end, "All" for each variable, repeated
 *    panels once per value), a warm-up round and then `--runs` rounds, alternating which goes first.
 * 4. Read the rule groups' `evaluationTime` from /api/v1/rules over several quiet intervals, and the
 *    server's memory from /proc/<pid>/status.
 *
 * The history ends `--future` minutes after the start of the run, so that the server's own rule
 * evaluations during the run see live-looking data (their windows end at the wall clock). Results go
 * to stdout and between the bench:queries markers of BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml, stringify as toYamlText } from "yaml";
import { mixinRuleFiles } from "../../src/mixins/common/mixin.js";
import { parseDurationMs } from "../../src/promql/duration.js";
import { externalSecretsMixin } from "../../src/mixins/external-secrets/index.js";
import { panelTargets, substituteVariables, type PanelTarget } from "../../src/testing/live.js";
import { findPromtool } from "../../src/testing/promtool.js";
import { findPrometheus } from "../../src/testing/prometheus-server.js";
import { fullFleet, writeFleet, type FleetSize } from "./fleet.js";
import {
  killAllStarted,
  processMemory,
  selfMetric,
  startServer,
  type BenchServer,
} from "./server.js";

const root = path.resolve(import.meta.dirname, "../..");
const upstreamDashboard = path.resolve(root, "../shared/upstream/external-secrets_dashboard.json");

const { values: args } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    history: { type: "string", default: "60" },
    future: { type: "string", default: "45" },
    interval: { type: "string", default: "30" },
    runs: { type: "string", default: "5" },
    "rule-samples": { type: "string", default: "5" },
    upstream: { type: "string", default: upstreamDashboard },
    output: { type: "string", default: path.join(root, "BENCHMARKS.md") },
    "no-write": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:queries -- [options]
  --scale F          fleet size as a fraction of the full one (${JSON.stringify(fullFleet)}); default 1
  --history M        minutes of history before the run starts (default 60)
  --future M         minutes of history after the run starts, for the live rule evaluations (default 45)
  --interval S       scrape and rule evaluation interval in seconds (default 30)
  --runs N           measured rounds after one warm-up round (default 5)
  --rule-samples N   quiet evaluations to read of each rule group (default 5; a 3m group takes 18 minutes)
  --upstream FILE    upstream's dashboard JSON (default ../shared/upstream/external-secrets_dashboard.json)
  --output FILE      where the marked results section goes (default BENCHMARKS.md)
  --no-write         print the results only`);
  process.exit(0);
}

const num = (name: string, v: string | undefined, min: number) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number >= ${min}, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};
const scale = num("scale", args.scale, 0.001);
const historyMin = num("history", args.history, 1);
const futureMin = num("future", args.future, 1);
const intervalSec = num("interval", args.interval, 1);
const runs = Math.round(num("runs", args.runs, 1));
const ruleSamples = Math.round(num("rule-samples", args["rule-samples"], 1));

const size: FleetSize = {
  externalSecrets: Math.max(1, Math.round(fullFleet.externalSecrets * scale)),
  pushSecrets: Math.max(1, Math.round(fullFleet.pushSecrets * scale)),
  namespaces: Math.max(1, Math.round(fullFleet.namespaces * Math.min(1, scale))),
  replicas: fullFleet.replicas,
  stores: fullFleet.stores,
  providers: fullFleet.providers,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) =>
  console.error(`[bench:queries ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? (s[m] as number)
      : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const dur = (sec: number) =>
  sec % 3600 === 0 ? `${sec / 3600}h` : sec % 60 === 0 ? `${sec / 60}m` : `${sec}s`;

function run(cmd: string, argv: readonly string[]): string {
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw new Error(`${path.basename(cmd)} ${argv.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

function moveBlocks(from: string, to: string): number {
  if (!existsSync(from)) return 0;
  const blocks = readdirSync(from).filter((d) => /^[0-9A-Z]{26}$/.test(d));
  for (const b of blocks) renameSync(path.join(from, b), path.join(to, b));
  rmSync(from, { recursive: true, force: true });
  return blocks.length;
}

interface ApiBody<T> {
  readonly status: string;
  readonly data?: T;
  readonly error?: string;
}
async function api<T>(url: string, endpoint: string, params: Record<string, string>): Promise<T> {
  // Grafana POSTs queries and GETs label values (the label endpoint takes no POST).
  const response = endpoint.startsWith("/api/v1/query")
    ? await fetch(`${url}${endpoint}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params),
      })
    : await fetch(`${url}${endpoint}?${new URLSearchParams(params)}`);
  const body = (await response.json()) as ApiBody<T>;
  if (body.status !== "success") throw new Error(body.error ?? `HTTP ${response.status}`);
  return body.data as T;
}

// ---------------------------------------------------------------------------------------------
// Dashboards: targets as Grafana sends them.

interface DashboardJson {
  readonly title: string;
  readonly panels: readonly PanelJson[];
  readonly templating?: { readonly list?: readonly VariableJson[] };
}
interface PanelJson {
  readonly title?: string;
  readonly repeat?: string;
  readonly panels?: readonly PanelJson[];
  readonly targets?: readonly { readonly expr?: string }[];
  readonly [key: string]: unknown;
}
interface VariableJson {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
}

/** A variable query Grafana sends on load: `label_values(selector, label)` over the time range. */
interface VariableQuery {
  readonly name: string;
  readonly label: string;
  readonly match: string;
}

function variableQueries(d: DashboardJson): VariableQuery[] {
  return (d.templating?.list ?? []).flatMap((v) => {
    if (v.type !== "query") return [];
    const q = typeof v.query === "string" ? v.query : (v.query?.query ?? "");
    const m = /^\s*label_values\(\s*(.*)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(q);
    if (!m) throw new Error(`${d.title}: variable ${v.name} is not label_values(...): ${q}`);
    return [
      { name: v.name, match: substituteVariables(m[1] as string, {}), label: m[2] as string },
    ];
  });
}

/** Grafana's built-in interval variables for this range and step (Grafana's $__rate_interval rule). */
function builtins(rangeSec: number, stepSec: number): Record<string, string> {
  return {
    __rate_interval: dur(Math.max(stepSec + intervalSec, 4 * intervalSec)),
    __interval: dur(stepSec),
    __interval_ms: String(stepSec * 1000),
    __range: dur(rangeSec),
    __range_s: String(rangeSec),
    __range_ms: String(rangeSec * 1000),
  };
}
function fillBuiltins(expr: string, vars: Readonly<Record<string, string>>): string {
  return expr.replace(
    /\$\{(__[a-z_]+)\}|\$(__[a-z_]+)/g,
    (all, a?: string, b?: string) => vars[(a ?? b) as string] ?? all,
  );
}

/** Repeated panels become one panel per value of their variable, as Grafana shows them with "All". */
function expandRepeats(
  panels: readonly PanelJson[],
  values: ReadonlyMap<string, readonly string[]>,
): PanelJson[] {
  return panels.flatMap((p) => {
    const inner = p.panels ? { ...p, panels: expandRepeats(p.panels, values) } : p;
    if (!p.repeat) return [inner];
    const variable = p.repeat;
    const fill = (s: string, value: string) =>
      s.replace(
        new RegExp(
          `\\$\\{${variable}(?::[A-Za-z]+)?\\}|\\[\\[${variable}\\]\\]|\\$${variable}\\b`,
          "g",
        ),
        value,
      );
    return (values.get(variable) ?? []).map((value) => ({
      ...inner,
      title: fill(p.title ?? "", value),
      targets: (p.targets ?? []).map((t) => ({
        ...t,
        ...(t.expr ? { expr: fill(t.expr, value) } : {}),
      })),
    }));
  });
}

interface Query {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
}

interface Bench {
  readonly name: string;
  readonly variables: readonly VariableQuery[];
  readonly queries: readonly Query[];
  readonly panels: readonly string[];
}

async function prepare(
  name: string,
  d: DashboardJson,
  server: BenchServer,
  window: { start: number; end: number; step: number },
): Promise<Bench> {
  const variables = variableQueries(d);
  const values = new Map<string, readonly string[]>();
  for (const v of variables)
    values.set(
      v.name,
      await api<string[]>(server.url, `/api/v1/label/${v.label}/values`, {
        "match[]": v.match,
        start: String(window.start),
        end: String(window.end),
      }),
    );
  const vars = builtins(window.end - window.start, window.step);
  // Panels are told apart by title: a title shared by several panels gets a number.
  const counts = new Map<string, number>();
  const retitle = (panels: readonly PanelJson[]): PanelJson[] =>
    panels.map((p) => {
      const title = p.title ?? "";
      const n = (counts.get(title) ?? 0) + 1;
      counts.set(title, n);
      return {
        ...p,
        title: n > 1 ? `${title} (#${n})` : title,
        ...(p.panels ? { panels: retitle(p.panels) } : {}),
      };
    });
  const targets: PanelTarget[] = panelTargets({
    ...d,
    panels: retitle(expandRepeats(d.panels, values)),
  });
  const queries = targets.map((t) => ({
    panel: t.panel,
    refId: t.refId,
    expr: substituteVariables(fillBuiltins(t.expr, vars), {}),
    instant: t.instant,
  }));
  return { name, variables, queries, panels: [...new Set(queries.map((q) => q.panel))] };
}

interface Timing {
  readonly ms: number;
  readonly series: number;
  readonly error?: string;
}

async function timeQuery(
  server: BenchServer,
  q: Query,
  w: { start: number; end: number; step: number },
): Promise<Timing> {
  const t0 = performance.now();
  try {
    const data = q.instant
      ? await api<{ result: unknown[] }>(server.url, "/api/v1/query", {
          query: q.expr,
          time: String(w.end),
        })
      : await api<{ result: unknown[] }>(server.url, "/api/v1/query_range", {
          query: q.expr,
          start: String(w.start),
          end: String(w.end),
          step: String(w.step),
        });
    return { ms: performance.now() - t0, series: data.result.length };
  } catch (err) {
    return { ms: performance.now() - t0, series: 0, error: (err as Error).message };
  }
}

async function timeVariables(
  server: BenchServer,
  b: Bench,
  w: { start: number; end: number },
): Promise<number> {
  const t0 = performance.now();
  for (const v of b.variables)
    await api<string[]>(server.url, `/api/v1/label/${v.label}/values`, {
      "match[]": v.match,
      start: String(w.start),
      end: String(w.end),
    });
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------

interface RuleSample {
  readonly group: string;
  readonly at: string;
  readonly seconds: number;
  readonly slowest: { readonly name: string; readonly seconds: number };
}

interface RulesApi {
  readonly groups: readonly {
    readonly name: string;
    readonly interval: number;
    readonly lastEvaluation: string;
    readonly evaluationTime: number;
    readonly rules: readonly {
      readonly name: string;
      readonly health: string;
      readonly lastError?: string;
      readonly evaluationTime: number;
    }[];
  }[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mixkit-bench-queries-"));
  const dataDir = path.join(dir, "data");
  const servers: BenchServer[] = [];
  const cleanUp = () => {
    killAllStarted();
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping servers and removing ${dir}`);
    cleanUp();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const started = Date.now();
  try {
    const promtool = findPromtool();
    const prometheus = findPrometheus();
    const intervalMs = intervalSec * 1000;
    const nowMs = Math.floor(Date.now() / intervalMs) * intervalMs;
    const startMs = nowMs - historyMin * 60_000;
    const endMs = nowMs + futureMin * 60_000;
    const samples = (endMs - startMs) / intervalMs + 1;
    const window = { start: startMs / 1000, end: endMs / 1000, step: intervalSec };

    // 1. The fleet as blocks.
    log(`generating ${JSON.stringify(size)}, ${samples} scrapes every ${intervalSec}s`);
    const fleetFile = path.join(dir, "fleet.om");
    let t0 = Date.now();
    const fleet = await writeFleet(fleetFile, size, { startMs, intervalMs, samples });
    const generateSec = (Date.now() - t0) / 1000;
    log(
      `${fleet.series} series, ${fleet.samples} samples, ${(fleet.bytes / 1e9).toFixed(2)} GB of OpenMetrics in ${generateSec.toFixed(0)}s (generator peak RSS ${(fleet.peakRssBytes / 2 ** 20).toFixed(0)} MiB)`,
    );
    t0 = Date.now();
    run(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", fleetFile, dataDir]);
    rmSync(fleetFile);
    const blocksSec = (Date.now() - t0) / 1000;
    log(`blocks written in ${blocksSec.toFixed(0)}s`);

    // 2. Recording-rule history, one dependency level at a time.
    const mixin = externalSecretsMixin();
    const ruleText = mixinRuleFiles(mixin).get(`${mixin.name}.rules.yaml`);
    if (!ruleText) throw new Error("the External Secrets mixin has no rule file");
    const ruleFile = path.join(dir, `${mixin.name}.rules.yaml`);
    writeFileSync(ruleFile, ruleText);
    const doc = parseYaml(ruleText) as {
      groups: {
        name: string;
        interval?: string;
        rules: { record?: string; alert?: string; expr: string }[];
      }[];
    };
    const recording = doc.groups.flatMap((g) => g.rules.filter((r) => r.record));
    const recordNames = new Set(recording.map((r) => r.record as string));
    const level = new Map<string, number>();
    const levelOf = (name: string): number => {
      const known = level.get(name);
      if (known !== undefined) return known;
      const rules = recording.filter((r) => r.record === name);
      const deps = [...recordNames].filter(
        (n) =>
          n !== name &&
          rules.some((r) =>
            new RegExp(
              `(^|[^A-Za-z0-9_:])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_:])`,
            ).test(r.expr),
          ),
      );
      const l = 1 + Math.max(0, ...deps.map(levelOf));
      level.set(name, l);
      return l;
    };
    const levels = Math.max(...[...recordNames].map(levelOf));
    t0 = Date.now();
    for (let l = 1; l <= levels; l++) {
      const rules = recording.filter((r) => levelOf(r.record as string) === l);
      const file = path.join(dir, `backfill-${l}.yaml`);
      writeFileSync(file, toYamlText({ groups: [{ name: `backfill-level-${l}`, rules }] }));
      const server = await startServer({ dir, dataDir, evaluationInterval: `${intervalSec}s` });
      servers.push(server);
      try {
        run(promtool, [
          "tsdb",
          "create-blocks-from",
          "rules",
          "--quiet",
          `--url=${server.url}`,
          `--start=${window.start}`,
          `--end=${window.end}`,
          `--eval-interval=${intervalSec}s`,
          `--output-dir=${path.join(dir, `rules-${l}`)}`,
          file,
        ]);
      } finally {
        await server.stop();
      }
      const n = moveBlocks(path.join(dir, `rules-${l}`), dataDir);
      log(`backfilled ${rules.length} recording rule(s) of level ${l}: ${n} block(s)`);
    }
    const backfillSec = (Date.now() - t0) / 1000;

    // 3. The measured server: all blocks and the mixin's rules.
    t0 = Date.now();
    const server = await startServer({
      dir,
      dataDir,
      ruleFiles: [ruleFile],
      evaluationInterval: `${intervalSec}s`,
    });
    servers.push(server);
    const startSec = (Date.now() - t0) / 1000;
    const memStart = processMemory(server.pid);
    log(
      `server ${server.pid} ready in ${startSec.toFixed(1)}s; waiting for its first compaction cycle`,
    );
    const cpu = () => {
      const f = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(f[11]) + Number(f[12])) / 100;
    };
    for (let waited = 0; waited < 120_000; waited += 1000) {
      if ((await selfMetric(server.url, "prometheus_tsdb_compactions_triggered_total")) >= 1) break;
      await sleep(1000);
    }
    for (let waited = 0; waited < 180_000; waited += 3000) {
      const c0 = cpu();
      await sleep(3000);
      if (cpu() - c0 < 0.15) break;
    }
    const compactionsBefore = await selfMetric(server.url, "prometheus_tsdb_compactions_total");
    const blocksLoaded = await selfMetric(server.url, "prometheus_tsdb_blocks_loaded");

    const ours = await prepare(
      "mixkit",
      JSON.parse(mixin.dashboard.json()) as DashboardJson,
      server,
      window,
    );
    const upstream = await prepare(
      "upstream",
      JSON.parse(readFileSync(args.upstream as string, "utf8")) as DashboardJson,
      server,
      window,
    );
    const benches = [ours, upstream];

    // Rounds: one warm-up, then `runs`, alternating which dashboard goes first.
    const panelMs = new Map<Bench, Map<string, number[]>>(benches.map((b) => [b, new Map()]));
    const totals = new Map<Bench, number[]>(benches.map((b) => [b, []]));
    const variableMs = new Map<Bench, number[]>(benches.map((b) => [b, []]));
    const outcome = new Map<Bench, Map<string, Timing>>(benches.map((b) => [b, new Map()]));
    for (let round = 0; round <= runs; round++) {
      const order = round % 2 === 0 ? benches : [...benches].reverse();
      for (const b of order) {
        const vMs = await timeVariables(server, b, window);
        const perPanel = new Map<string, number>();
        for (const q of b.queries) {
          const t = await timeQuery(server, q, window);
          perPanel.set(q.panel, (perPanel.get(q.panel) ?? 0) + t.ms);
          outcome.get(b)?.set(`${q.panel}\u0000${q.refId}`, t);
        }
        if (round === 0) continue;
        variableMs.get(b)?.push(vMs);
        totals.get(b)?.push([...perPanel.values()].reduce((a, x) => a + x, 0));
        for (const [p, ms] of perPanel) {
          const list = panelMs.get(b)?.get(p) ?? [];
          list.push(ms);
          panelMs.get(b)?.set(p, list);
        }
      }
      log(
        round === 0
          ? "warm-up round done"
          : `round ${round}/${runs}: ${benches.map((b) => `${b.name} ${(totals.get(b)?.at(-1) ?? 0).toFixed(0)} ms`).join(", ")}`,
      );
    }
    const compactionsAfter = await selfMetric(server.url, "prometheus_tsdb_compactions_total");
    const memAfterQueries = processMemory(server.pid);

    // 4. Rule groups over quiet intervals.
    const ruleLog = new Map<string, RuleSample>();
    const groupIntervalSec = (name: string) => {
      const own = doc.groups.find((g) => g.name === name)?.interval;
      return own ? parseDurationMs(own) / 1000 : intervalSec;
    };
    const longestSec = Math.max(...doc.groups.map((g) => groupIntervalSec(g.name)));
    log(
      `reading ${ruleSamples} quiet evaluations of each rule group (longest interval ${longestSec}s)`,
    );
    const deadline = Date.now() + (ruleSamples + 2) * longestSec * 1000 + 30_000;
    let health: string[] = [];
    const groupNames = doc.groups.map((g) => g.name);
    for (;;) {
      const { groups } = await api<RulesApi>(server.url, "/api/v1/rules", {});
      health = groups.flatMap((g) =>
        g.rules
          .filter((r) => r.health !== "ok")
          .map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ""}`),
      );
      for (const g of groups) {
        if (Date.parse(g.lastEvaluation) * 1 < Date.now() - 10 * 60_000) continue;
        const slowest = [...g.rules].sort((a, b) => b.evaluationTime - a.evaluationTime)[0];
        ruleLog.set(`${g.name}@${g.lastEvaluation}`, {
          group: g.name,
          at: g.lastEvaluation,
          seconds: g.evaluationTime,
          slowest: { name: slowest?.name ?? "", seconds: slowest?.evaluationTime ?? 0 },
        });
      }
      const counts = groupNames.map(
        (n) => [...ruleLog.values()].filter((s) => s.group === n).length,
      );
      if (counts.every((c) => c >= ruleSamples + 1) || Date.now() > deadline) break;
      await sleep(1000);
    }
    const memEnd = processMemory(server.pid);
    const selfRss = await selfMetric(server.url, "process_resident_memory_bytes");
    const headSeries = await selfMetric(server.url, "prometheus_tsdb_head_series");
    const liveAfterEnd = [...ruleLog.values()].some((s) => Date.parse(s.at) > endMs);

    // The first evaluation seen may have run during the query rounds: drop it.
    const ruleStats = groupNames.map((name) => {
      const all = [...ruleLog.values()]
        .filter((s) => s.group === name)
        .sort((a, b) => a.at.localeCompare(b.at));
      const quiet = all.slice(1);
      const secs = quiet.map((s) => s.seconds);
      const slowest = [...quiet].sort((a, b) => b.slowest.seconds - a.slowest.seconds)[0]?.slowest;
      const interval = groupIntervalSec(name);
      return {
        name,
        interval,
        samples: secs.length,
        median: median(secs),
        max: Math.max(...secs),
        share: median(secs) / interval,
        slowest,
      };
    });

    // Results.
    const promVersion = run(prometheus, ["--version"]).split("\n")[0]?.trim() ?? "";
    const cpus = os.cpus();
    const machine = `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${promVersion}`;
    const medTotal = (b: Bench) => median(totals.get(b) ?? []);
    const ratio = medTotal(upstream) / medTotal(ours);
    const panelRows = (b: Bench) =>
      b.panels
        .map((p) => ({ panel: p, ms: median(panelMs.get(b)?.get(p) ?? []) }))
        .sort((x, y) => y.ms - x.ms);
    const worstOurs = panelRows(ours)[0];
    const worstUpstream = panelRows(upstream)[0];
    // The recording group that takes the largest share of its own interval.
    const recordingGroup = ruleStats
      .filter((g) => doc.groups.find((d) => d.name === g.name)?.rules.some((r) => r.record))
      .sort((a, b) => b.share - a.share)[0];
    const ruleShare = recordingGroup?.share ?? NaN;
    const targets = [
      {
        what: "ours at least 5x faster in total than upstream's",
        ok: ratio >= 5,
        value: `${ratio.toFixed(1)}x`,
      },
      {
        what: "no panel of ours over 100 ms",
        ok: (worstOurs?.ms ?? Infinity) <= 100,
        value: `worst ${worstOurs?.ms.toFixed(1)} ms (${worstOurs?.panel})`,
      },
      {
        what: "recording rules under 1% of their interval",
        ok: ruleShare < 0.01,
        value: `worst ${(ruleShare * 100).toFixed(3)}% (${recordingGroup?.name}: median ${((recordingGroup?.median ?? NaN) * 1000).toFixed(1)} ms of ${recordingGroup?.interval}s)`,
      },
    ];

    const problems = (b: Bench) =>
      [...(outcome.get(b) ?? new Map<string, Timing>()).entries()]
        .filter(([, t]) => t.error !== undefined || t.series === 0)
        .map(([k, t]) => `${k.replace("\u0000", " ")}: ${t.error ?? "empty result"}`);

    const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const lines: string[] = [];
    lines.push(
      "## Dashboard queries at scale (`npm run bench:queries`)",
      "",
      `Run ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
      "",
      `**Fleet** (generated, streamed to disk, written as blocks): ${size.externalSecrets} ExternalSecrets and ${size.pushSecrets} PushSecrets over ${size.namespaces} namespaces, ${size.stores} stores (${size.stores - Math.max(1, Math.floor(size.stores / 4))} SecretStores, ${Math.max(1, Math.floor(size.stores / 4))} ClusterSecretStores), ${size.providers} providers, ${size.replicas} controller replicas each exporting every object (no leader election) plus the webhook; ` +
        `${fleet.series} series, ${fleet.samples} samples: ${((endMs - startMs) / 60_000).toFixed(0)} minutes at a ${intervalSec}s scrape interval (${(fleet.bytes / 1e9).toFixed(1)} GB of OpenMetrics, generated in ${generateSec.toFixed(0)}s with a peak generator RSS of ${mib(fleet.peakRssBytes)}; promtool wrote the blocks in ${blocksSec.toFixed(0)}s). ` +
        `Recording-rule history backfilled with \`promtool tsdb create-blocks-from rules\` in ${levels} dependency level(s) (${backfillSec.toFixed(0)}s). Server: ${blocksLoaded} blocks loaded.`,
      "",
      `**Queries**: every panel target as Grafana sends it: range queries over the whole ${((endMs - startMs) / 60_000).toFixed(0)}-minute history at a ${intervalSec}s step (\`$__rate_interval\` = ${builtins(1, intervalSec)["__rate_interval"]}), instant queries at its end, "All" for every variable; upstream's repeated panels once per \`controller\` value. One warm-up round, then ${runs} rounds, alternating which dashboard goes first; times are client-side wall times of the HTTP API calls, panel time = the sum of its targets, medians over the rounds. Variable queries (\`label_values\`, sent on load) are reported apart.`,
      "",
      "| | mixkit | upstream | upstream / mixkit |",
      "|---|---:|---:|---:|",
      `| panels | ${ours.panels.length} (${ours.queries.length} queries) | ${upstream.panels.length} (${upstream.queries.length} queries) | |`,
      `| all panels, median total | ${fmt(medTotal(ours))} ms | ${fmt(medTotal(upstream))} ms | **${ratio.toFixed(1)}x** |`,
      `| slowest panel (median) | ${fmt(worstOurs?.ms ?? NaN)} ms | ${fmt(worstUpstream?.ms ?? NaN)} ms | |`,
      `| variable queries, median | ${fmt(median(variableMs.get(ours) ?? []))} ms | ${fmt(median(variableMs.get(upstream) ?? []))} ms | |`,
      `| totals of each round | ${(totals.get(ours) ?? []).map(fmt).join(", ")} | ${(totals.get(upstream) ?? []).map(fmt).join(", ")} | |`,
      "",
      "**Targets**",
      "",
      ...targets.map((t) => `- ${t.ok ? "met" : "**missed**"}: ${t.what}: ${t.value}`),
      "",
      "**Rule groups** (`evaluationTime` from `/api/v1/rules`, evaluations after the query rounds, each group at its own interval):",
      "",
      "| group | interval | evaluations | median | max | share of interval | slowest rule |",
      "|---|---:|---:|---:|---:|---:|---|",
      ...ruleStats.map(
        (g) =>
          `| ${g.name} | ${dur(g.interval)} | ${g.samples} | ${(g.median * 1000).toFixed(1)} ms | ${(g.max * 1000).toFixed(1)} ms | ${(g.share * 100).toFixed(3)}% | ${g.slowest ? `\`${g.slowest.name}\` ${(g.slowest.seconds * 1000).toFixed(1)} ms` : ""} |`,
      ),
      "",
      `**Server memory** (prometheus ${server.pid}, /proc/<pid>/status): ${mib(memStart.rss)} RSS after start, ${mib(memAfterQueries.rss)} after the query rounds, ${mib(memEnd.rss)} at the end (\`process_resident_memory_bytes\` ${mib(selfRss)}); peak (VmHWM) ${mib(memEnd.hwm)}. Head series at the end: ${headSeries}.`,
      "",
    );
    if (compactionsAfter !== compactionsBefore)
      lines.push(
        `Note: the server compacted blocks during the query rounds (${compactionsAfter - compactionsBefore} compaction(s)); medians absorb a slow round.`,
        "",
      );
    if (liveAfterEnd)
      lines.push(
        "Note: some rule evaluations ran after the end of the generated history (raise `--future`); they read less data than a live server would.",
        "",
      );
    lines.push(
      "The server's own rule evaluations run at the wall clock, inside the generated history (which reaches " +
        `${futureMin} minutes ahead so that their windows hold data). The blocks already cover that time, so the server accepts the results out of order (\`out_of_order_time_window\`) and every evaluation appends its result as on a live server. The dashboards read the recorded series from the backfilled blocks.`,
      "",
    );
    if (health.length > 0)
      lines.push("Rules with other errors:", "", ...health.map((h) => `- ${h}`), "");
    for (const b of benches) {
      lines.push(
        `<details><summary>Per-panel medians: ${b.name}</summary>`,
        "",
        "| panel | median ms | max ms |",
        "|---|---:|---:|",
      );
      for (const r of panelRows(b))
        lines.push(
          `| ${r.panel.replace(/\|/g, "\\|")} | ${fmt(r.ms)} | ${fmt(Math.max(...(panelMs.get(b)?.get(r.panel) ?? [])))} |`,
        );
      const empty = problems(b);
      if (empty.length > 0)
        lines.push(
          "",
          `Queries with an empty result or an error on this fleet (${b.name}):`,
          "",
          ...empty.map((e) => `- ${e.replace(/\|/g, "\\|")}`),
        );
      lines.push("", "</details>", "");
    }
    lines.push(
      `**Reproduce**: \`npm run bench:queries${scale === 1 ? "" : ` -- --scale ${scale}`}\` (this run: ${Math.ceil((Date.now() - started) / 60_000)} minutes; needs Debian's \`prometheus\` package and about ${Math.ceil((fleet.bytes / 1e9) * 1.1)} GB free in $TMPDIR while the OpenMetrics text is turned into blocks, and as much RAM for promtool, which maps the file). ` +
        "Options: `--scale 0.1` for a tenth of the fleet, `--runs`, `--history`/`--future` (minutes), `--interval` (seconds), `--rule-samples`, `--no-write`; `-- --help` lists them.",
    );
    const section = lines.join("\n");
    console.log(section);
    if (!args["no-write"]) {
      writeSection(args.output as string, section);
      log(`results written to ${args.output}`);
    }
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    cleanUp();
  }
}

const startMarker = "<!-- bench:queries:start -->";
const endMarker = "<!-- bench:queries:end -->";

/** Replaces the text between the markers, or appends the marked section; the rest stays as it is. */
function writeSection(file: string, section: string): void {
  const block = `${startMarker}\n\n${section}\n\n${endMarker}`;
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const a = text.indexOf(startMarker);
  const b = text.indexOf(endMarker);
  const next =
    a >= 0 && b > a
      ? `${text.slice(0, a)}${block}${text.slice(b + endMarker.length)}`
      : `${text.replace(/\n*$/, "\n")}\n${block}\n`;
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, next);
  renameSync(tmp, file);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
