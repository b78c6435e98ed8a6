/**
 * \`npm run bench\`: every measurement of the benchmark, then BENCHMARKS.md.
 * BENCH_QUICK=1 takes fewer samples (a quick look; not for the committed file).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cliBuild, cliMutate, cliTest } from "./cli.js";
import { compare } from "./compare.js";
import { machine } from "./machine.js";
import { report, targets } from "./report.js";
import { scaling } from "./scaling.js";
import { cliStart, watchRebuild, type StartResult } from "./start.js";
import { suite, type SuiteResult } from "./suite.js";
import { ms, verdict } from "./stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.env.BENCH_QUICK === "1";
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

if (typeof (globalThis as { gc?: unknown }).gc !== "function")
  log("run with node --expose-gc (npm run bench does) for a collection before each sample");

const options = quick
  ? { perSample: 10, warmup: 2, rounds: 6 }
  : { perSample: 25, warmup: 8, rounds: 30 };
log(
  `dashboards: mixkit and grafana-foundation-sdk, ${options.rounds} rounds of ${options.perSample}`,
);
const compared = compare(options);
for (const r of compared) log(`  ${r.name}: ${ms(r.median)} per dashboard`);

log("mixkit build, cold");
const build = await cliBuild(root, quick ? 2 : 7);
log(`  ${ms(build.wallMs)}`);

const scalingRuns = quick ? 1 : 3;
log(`scaling, ${scalingRuns} run(s) per size`);
const scaled = await scaling(root, scalingRuns);
for (const s of scaled) log(`  ${s.label}: ${ms(s.ms)}`);

const startRounds = quick ? 3 : 15;
log(`start: node -e 0, mixkit build and mixkit check, ${startRounds} rounds`);
const start = await cliStart(root, startRounds);
log(`  floor ${ms(start.floorMs)}, build ${ms(start.buildMs)}, check ${ms(start.checkMs)}`);
// BENCH_NODE=/path/to/node measures the start with another Node.js too (e.g. 22, whose module
// hooks run on the main thread and whose compile cache keeps compiled code between runs).
let startOther: StartResult | undefined;
if (process.env.BENCH_NODE !== undefined) {
  log(`start with ${process.env.BENCH_NODE}`);
  startOther = await cliStart(root, startRounds, process.env.BENCH_NODE);
  log(
    `  ${startOther.node}: floor ${ms(startOther.floorMs)}, build ${ms(startOther.buildMs)}, check ${ms(startOther.checkMs)}`,
  );
}

log("mixkit build --watch: one-line changes of the config");
const watch = await watchRebuild(root, quick ? 3 : 15);
log(`  ${ms(watch.rebuildMs)} from the change to the written files`);

log("mixkit test (promtool scenarios)");
const test = await cliTest(root, quick ? 1 : 3);
log(`  ${ms(test.wallMs)}`);

log("mixkit test --mutate (mutation testing of every shipped mixin)");
const mutate = await cliMutate(root);
log(`  ${ms(mutate.wallMs)}, score ${(mutate.score * 100).toFixed(1)}%`);

// The whole suite as CI runs it (minutes): BENCH_SUITE=0 leaves it out, and the report says so.
let tests: SuiteResult | undefined;
if (process.env.BENCH_SUITE !== "0") {
  log("npm test on a fresh clone of HEAD (npm ci first)");
  tests = suite(root);
  log(`  ${ms(tests.wallMs)} (vitest ${ms(tests.vitestMs)}; ${tests.tests})`);
}

const measurements = {
  machine: machine(),
  date: new Date().toISOString().slice(0, 10),
  compare: { results: compared, ...options },
  build,
  scaling: scaled,
  scalingRuns,
  test,
  mutate,
  start,
  ...(startOther === undefined ? {} : { startOther }),
  watch,
  ...(tests === undefined ? {} : { suite: tests }),
};
const file = path.join(root, "BENCHMARKS.md");
// `npm run bench:queries` owns its marked section of the same file: keep it.
const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
const queries = /<!-- bench:queries:start -->[\s\S]*<!-- bench:queries:end -->\n?/.exec(previous);
writeFileSync(file, (await report(measurements, file)) + (queries ? `\n${queries[0]}` : ""));
for (const t of targets(measurements))
  log(`${t.met ? "met   " : "MISSED"} ${t.what}: ${t.measured} (target ${t.target})`);
log(`wrote ${path.relative(process.cwd(), file) || file}`);
