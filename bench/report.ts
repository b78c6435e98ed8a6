/** BENCHMARKS.md from the measurements: machine, medians, ratios, targets, findings, how to run. */
import { format, resolveConfig } from "prettier";
import type { CliResult, MutateResult, TestResult } from "./cli.js";
import type { VariantResult } from "./compare.js";
import { findings } from "./findings.js";
import type { Machine } from "./machine.js";
import type { ScaleResult } from "./scaling.js";
import type { StartResult, WatchResult } from "./start.js";
import type { SuiteResult } from "./suite.js";
import { mib, ms, ratio, verdict } from "./stats.js";

export interface Measurements {
  readonly machine: Machine;
  readonly date: string;
  readonly compare: {
    readonly results: VariantResult[];
    readonly perSample: number;
    readonly warmup: number;
    readonly rounds: number;
  };
  readonly build: CliResult;
  readonly scaling: ScaleResult[];
  readonly scalingRuns: number;
  readonly test: TestResult;
  readonly mutate: MutateResult;
  readonly start: StartResult;
  /** The same with another Node.js (BENCH_NODE), for comparison; no target applies. */
  readonly startOther?: StartResult;
  readonly watch: WatchResult;
  /** Absent when the run left the suite out (BENCH_SUITE=0). */
  readonly suite?: SuiteResult;
}

export interface Target {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const gib = 1024 ** 3;

export function targets(m: Measurements): Target[] {
  const byName = new Map(m.compare.results.map((r) => [r.name, r]));
  const ratioOf = (name: string) => {
    const r = byName.get(name)!;
    return r.median / byName.get(r.baseline!)!.median;
  };
  const on = ratioOf("mixkit, validation on: builders + build()");
  const off = ratioOf("mixkit, validation off: builders + emitDashboard(model)");
  const scale = new Map(m.scaling.map((s) => [s.label, s]));
  const both = scale.get("1,000 dashboards + 10,000 rules")!;
  const growth = growthFactors(m.scaling);
  const worst = Math.max(...growth.map((g) => g.time));
  return [
    {
      what: "dashboards, validation on, vs the SDK",
      target: "<= 2x",
      measured: ratio(on),
      met: on <= 2,
    },
    {
      what: "dashboards, validation off, vs the SDK",
      target: "<= 1x",
      measured: ratio(off),
      met: off <= 1,
    },
    {
      what: "`mixkit build` of this repository, cold process, vs `node -e 0`",
      target: "<= 3x",
      measured: `${ratio(m.start.buildMs / m.start.floorMs)} (${ms(m.start.buildMs)} / ${ms(m.start.floorMs)})`,
      met: m.start.buildMs <= 3 * m.start.floorMs,
    },
    {
      what: "`mixkit check` of this repository, cold process, vs `node -e 0`",
      target: "<= 3x",
      measured: `${ratio(m.start.checkMs / m.start.floorMs)} (${ms(m.start.checkMs)} / ${ms(m.start.floorMs)})`,
      met: m.start.checkMs <= 3 * m.start.floorMs,
    },
    {
      what: "`mixkit build --watch`: a one-line config change to the written files",
      target: "<= 300 ms",
      measured: ms(m.watch.rebuildMs),
      met: m.watch.rebuildMs <= 300,
    },
    {
      what: "1,000 dashboards + 10,000 rules: time (work in process)",
      target: "<= 5 s",
      measured: ms(both.ms),
      met: both.ms <= 5000,
    },
    {
      what: "1,000 dashboards + 10,000 rules: peak RSS",
      target: "<= 1 GiB",
      measured: mib(both.maxRss),
      met: both.maxRss <= gib,
    },
    {
      what: "growth of time per 10x input (worst)",
      target: "<= 12x",
      measured: ratio(worst),
      met: worst <= 12,
    },
    {
      what: "promtool scenario suite (`mixkit test`)",
      target: "<= 3 s",
      measured: `${ms(m.test.wallMs)} (promtool alone: ${ms(m.test.promtoolMs)})`,
      met: m.test.wallMs <= 3_000,
    },
    {
      what: "mutation testing of every shipped mixin (`mixkit test --mutate`)",
      target: "<= 60 s",
      measured: ms(m.mutate.wallMs),
      met: m.mutate.wallMs <= 60_000,
    },
    ...m.mutate.mixins.map((x) => ({
      what: `mutants killed by the ${x.name} scenarios`,
      target: ">= 95%",
      measured: `${(x.score * 100).toFixed(1)}% (${x.killed} of ${x.killed + x.survived}, ${x.silenced} silenced)`,
      met: x.score >= 0.95,
    })),
    ...(m.suite === undefined
      ? []
      : [
          {
            what: "`npm test` on a fresh clone",
            target: "<= 3 min",
            measured: ms(m.suite.wallMs),
            met: m.suite.wallMs <= 180_000,
          },
          {
            what: "`npm test`: vitest's own duration",
            target: "<= 120 s",
            measured: ms(m.suite.vitestMs),
            met: m.suite.vitestMs <= 120_000,
          },
        ]),
  ];
}

interface Growth {
  readonly from: string;
  readonly to: string;
  readonly time: number;
  readonly memory: number;
}

export function growthFactors(scaling: readonly ScaleResult[]): Growth[] {
  const at = (label: string) => scaling.find((s) => s.label === label)!;
  return [
    ["10 dashboards", "100 dashboards"],
    ["100 dashboards", "1,000 dashboards"],
    ["1,000 rules", "10,000 rules"],
  ].map(([from, to]) => {
    const a = at(from!);
    const b = at(to!);
    return { from: from!, to: to!, time: b.ms / a.ms, memory: b.maxRss / a.maxRss };
  });
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

export async function report(m: Measurements, file: string): Promise<string> {
  const t = targets(m);
  const byName = new Map(m.compare.results.map((r) => [r.name, r]));
  const mc = m.machine;
  const text = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${m.date}. Do not edit by hand: run it again.
Numbers are medians of repeated runs on the machine below, a shared and noisy one; ratios come
from measurements taken side by side in the same run.

## Targets

${table(
  ["What", "Target", "Measured", "Result"],
  t.map((x) => [x.what, x.target, x.measured, verdict(x.met)]),
)}

## Machine

${table(
  ["", ""],
  [
    ["CPU", `${mc.cpu}, ${mc.cores} cores available`],
    ["Memory", mc.memory],
    ["OS", mc.os],
    ["Node.js", mc.node],
    ...Object.entries(mc.versions).map(([k, v]) => [k, v]),
  ],
)}

## Dashboards: mixkit and grafana-foundation-sdk, in one process

The same dashboard with both libraries (bench/mixkit-dashboard.ts, bench/sdk-dashboard.ts): six
variables (data source, cluster, two chained query variables, a custom and an interval variable),
three rows and 20 panels of nine kinds (text, stat, gauge, time series, heatmap, bar gauge, pie
chart, state timeline, table) with 21 PromQL queries, thresholds and legends. Before timing,
bench/equivalence.ts checks that both JSON models have the same variables and, panel by panel, the
same kind, title, description, size, unit, min/max, thresholds and queries (expr, legend, format,
instant or range).

mixkit is written as its users write it: typed metrics and PromQL, printed when a query is added;
the SDK as its users write it: PromQL, units and data sources as strings. "Validation on" is
\`build()\`: every check of validateDashboard (variables, references, units, thresholds, legends
against the labels the query returns, refIds, ids, sizes) and then the emitter. "Validation off" is
the emitter alone, \`emitDashboard(builder.model)\` (src/dashboards/emit.ts, internal: the public API
always validates). The SDK's \`build()\` validates nothing and returns its builder's internal object.

Each sample builds ${m.compare.perSample} dashboards from scratch with one variant; a round runs each
variant once, in an order rotating from round to round; ${m.compare.warmup} warm-up rounds, then
${m.compare.rounds} measured rounds; a garbage collection before each sample.

${table(
  ["Variant", "Median per dashboard", "Quartiles", "Ratio to the SDK"],
  m.compare.results.map((r) => [
    r.name,
    ms(r.median),
    `${ms(r.q1)} – ${ms(r.q3)}`,
    r.baseline === undefined ? "(baseline)" : ratio(r.median / byName.get(r.baseline)!.median),
  ]),
)}

The two "to JSON text" rows add what a build writes: the SDK's \`JSON.stringify(x, null, 2)\`, and
mixkit's \`.json()\` (validated, sorted keys, prettier's layout so that committed files stay unchanged
under \`prettier --write\`). No target applies to them.

## The \`mixkit\` command, cold

A new \`node\` process each run, on the compiled \`dist/\` (\`npm run build:dist\` first); wall time and
peak RSS from \`/usr/bin/time -v\`; one untimed run first.

${table(
  ["Command", "Median wall time", "Median peak RSS", "Runs", "Output"],
  [
    [
      "`node dist/cli/main.js build --out <tmp>` (mixkit.config.ts: every shipped mixin)",
      ms(m.build.wallMs),
      mib(m.build.maxRss),
      String(m.build.runs),
      m.build.detail,
    ],
    [
      "`node dist/cli/main.js test` (promtool scenarios of every shipped mixin)",
      ms(m.test.wallMs),
      mib(m.test.maxRss),
      String(m.test.runs),
      m.test.detail,
    ],
  ],
)}

\`mixkit test\` against its floor, promtool alone on the same test files already written, as many at
a time as \`mixkit test\` runs them (the CPUs + 1), in the same rounds: ${ms(m.test.promtoolMs)}, so
mixkit's own part (its start, the build, writing the files) is about ${ms(m.test.wallMs - m.test.promtoolMs)}.

Start against its floor, in ${m.start.rounds} rounds that rotate \`node -e 0\`, \`mixkit build --out <tmp>\`
and \`mixkit check\` (one untimed round first, so the disk cache and mixkit's strip cache are warm, as
they are for a user): the commands load only what they run, and the config's TypeScript comes from
the strip cache in \`node_modules/.cache/mixkit\`.

${table(
  ["Node.js", "Process", "Median wall time", "Ratio to node -e 0"],
  [m.start, ...(m.startOther === undefined ? [] : [m.startOther])].flatMap((st) => [
    [st.node, "`node -e 0`", ms(st.floorMs), "(floor)"],
    [st.node, "`mixkit build --out <tmp>`", ms(st.buildMs), ratio(st.buildMs / st.floorMs)],
    [st.node, "`mixkit check`", ms(st.checkMs), ratio(st.checkMs / st.floorMs)],
  ]),
)}

The targets are judged on the Node.js that runs the bench (${m.start.node}).${
    m.startOther === undefined
      ? ""
      : ` ${m.startOther.node} was measured in the same run with \`BENCH_NODE\`, for comparison.`
  }

## Mutation testing

\`mixkit test --mutate\` on this repository's config, once: ${m.mutate.mutants} mutants of every shipped
mixin's rules, ${m.mutate.killed} killed by the scenarios, in ${ms(m.mutate.wallMs)} (promtool processes
as many as the CPUs + 1). Score per mixin (killed / (killed + survived)):

| Mixin | Mutants | Killed | Survived | Silenced | Score |
| ----- | ------- | ------ | -------- | -------- | ----- |
${m.mutate.mixins.map((x) => `| ${x.name} | ${x.mutants} | ${x.killed} | ${x.survived} | ${x.silenced} | ${(x.score * 100).toFixed(1)}% |`).join("\n")}

## Watch mode

\`mixkit build --watch\` on a copy of this repository's config (every shipped mixin), changed one line
at a time (the SPIRE CA threshold, alternating, so each round writes files); the time from writing
the config to the round's line, which is printed once its files are written. ${m.watch.rounds}
changes, 150 ms apart; median ${ms(m.watch.rebuildMs)}. Last line: \`${m.watch.line.replace(/\(\d+ ms\)$/, "(… ms)")}\`.

## The test suite

${
  m.suite === undefined
    ? "Left out of this run (BENCH_SUITE=0)."
    : `\`npm test\` (type check, then vitest) in a fresh clone of ${m.suite.commit} with \`../shared\` beside it, after
\`npm ci\`, with CI=true: ${ms(m.suite.wallMs)} in all, vitest reporting ${ms(m.suite.vitestMs)}; ${m.suite.tests}.`
}

## Scaling

Each size in a fresh process (bench/scale-child.ts, run with tsx): N copies of the benchmark
dashboard (distinct titles and uids) through \`dashboardArtifacts\` (validation, JSON text, sidecar
ConfigMap), and N generated rules (groups of 10 recording rules and 10 alerts reading them,
bench/rules-fixture.ts) through \`ruleArtifacts\` (validation, rule file, PrometheusRule manifests
split under 512 KiB). "Work" is the time of that work with the modules loaded; "process" the wall
time of the whole process, node and tsx included; peak RSS is the process's (\`/usr/bin/time -v\`).
${m.scalingRuns} runs per size, the sizes alternating between runs; medians.

${table(
  ["Input", "Work", "Process", "Peak RSS", "Output"],
  m.scaling.map((s) => [s.label, ms(s.ms), ms(s.wallMs), mib(s.maxRss), mib(s.bytes)]),
)}

${table(
  ["Growth per 10x input", "Time", "Peak RSS"],
  growthFactors(m.scaling).map((g) => [`${g.from} → ${g.to}`, ratio(g.time), ratio(g.memory)]),
)}

## Findings

${findings}

## Reproduce

\`\`\`sh
npm ci
npm run bench            # about 8 minutes; BENCH_QUICK=1 npm run bench for a quick look,
                         # BENCH_SUITE=0 to leave out npm test on a fresh clone
\`\`\`

\`npm run bench\` compiles \`dist/\`, runs bench/run.ts with tsx (node --expose-gc) and rewrites this
file. Needs \`promtool\` on PATH for the scenario suite and GNU time (\`/usr/bin/time\`) for peak RSS
of whole processes. Profile a part with e.g.
\`node --cpu-prof --import tsx bench/scale-child.ts 1000 10000\`.
`;
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}
