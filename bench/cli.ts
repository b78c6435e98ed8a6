/**
 * The `mixkit` command, whole process and cold (a new node each time, the compiled dist/):
 * `mixkit build --out <tmp>` on this repository's mixkit.config.ts, and `mixkit test`, the promtool
 * scenario suite of every shipped mixin.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { run, runOk } from "./processes.js";
import { median } from "./stats.js";

export interface CliResult {
  readonly wallMs: number;
  readonly maxRss: number;
  readonly runs: number;
  readonly detail: string;
}

function summarize(samples: { wallMs: number; maxRss?: number }[], detail: string): CliResult {
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    maxRss: median(samples.map((s) => s.maxRss ?? Number.NaN)),
    runs: samples.length,
    detail,
  };
}

/** `mixkit build` into a new temporary folder each run (one untimed run first). */
export async function cliBuild(root: string, runs: number): Promise<CliResult> {
  const bin = path.join(root, "dist", "cli", "main.js");
  const samples = [];
  let files = 0;
  for (let i = 0; i <= runs; i++) {
    const out = mkdtempSync(path.join(tmpdir(), "mixkit-bench-build-"));
    try {
      const result = await runOk(process.execPath, [bin, "build", "--out", out], root);
      files = (result.stdout.match(/^\s+wrote\s/gm) ?? []).length;
      if (i > 0) samples.push(result);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return summarize(samples, `${files} files written`);
}

export interface TestResult extends CliResult {
  /**
   * The floor: promtool alone on the same test files, already written, as many at a time as
   * `mixkit test` runs (the CPUs + 1), measured in the same rounds.
   */
  readonly promtoolMs: number;
}

/** Every file under `dir` ending in `.test.yaml`. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".test.yaml"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** promtool on `files`, `parallel` at a time; the wall time of all. */
async function promtoolAlone(files: readonly string[], parallel: number, cwd: string) {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) await runOk("promtool", ["test", "rules", files[next++]!], cwd);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return performance.now() - start;
}

/** `mixkit test`: every promtool test file of the build, run by the real promtool; and its floor. */
export async function cliTest(root: string, runs: number): Promise<TestResult> {
  const bin = path.join(root, "dist", "cli", "main.js");
  const out = mkdtempSync(path.join(tmpdir(), "mixkit-bench-test-"));
  try {
    await runOk(process.execPath, [bin, "build", "--out", out], root);
    const files = testFiles(out);
    const samples = [];
    const floor: number[] = [];
    let last = "";
    for (let i = 0; i < runs; i++) {
      const result = await runOk(process.execPath, [bin, "test"], root);
      last = /mixkit test: .*/.exec(result.stdout)?.[0] ?? "";
      samples.push(result);
      floor.push(await promtoolAlone(files, availableParallelism() + 1, out));
    }
    return {
      ...summarize(samples, last.replace(/^mixkit test: /, "")),
      promtoolMs: median(floor),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export interface MutateResult {
  readonly wallMs: number;
  readonly mutants: number;
  readonly killed: number;
  readonly score: number;
  readonly mixins: readonly {
    name: string;
    mutants: number;
    killed: number;
    survived: number;
    silenced: number;
    score: number;
  }[];
}

/** `mixkit test --mutate` on this repository's config: every shipped mixin, once (it takes long). */
export async function cliMutate(root: string): Promise<MutateResult> {
  const bin = path.join(root, "dist", "cli", "main.js");
  const result = await run(process.execPath, [bin, "test", "--mutate", "--format", "json"], root);
  if (result.code !== 0 && result.code !== 1)
    throw new Error(`mixkit test --mutate exited ${result.code}:\n${result.stderr}`);
  const report = JSON.parse(result.stdout) as Omit<MutateResult, "wallMs">;
  return {
    wallMs: result.wallMs,
    mutants: report.mutants,
    killed: report.killed,
    score: report.score,
    mixins: report.mixins,
  };
}
