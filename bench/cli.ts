/**
 * The `mixkit` command, whole process and cold (a new node each time, the compiled dist/):
 * `mixkit build --out <tmp>` on this repository's mixkit.config.ts, and `mixkit test`, the promtool
 * scenario suite of every shipped mixin.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runOk } from "./processes.js";
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

/** `mixkit test`: every promtool test file of the build, run by the real promtool. */
export async function cliTest(root: string, runs: number): Promise<CliResult> {
  const bin = path.join(root, "dist", "cli", "main.js");
  const samples = [];
  let last = "";
  for (let i = 0; i < runs; i++) {
    const result = await runOk(process.execPath, [bin, "test"], root);
    last = /mixkit test: .*/.exec(result.stdout)?.[0] ?? "";
    samples.push(result);
  }
  return summarize(samples, last.replace(/^mixkit test: /, ""));
}
