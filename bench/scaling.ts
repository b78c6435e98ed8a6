/**
 * Scaling: each size is built in a fresh process (bench/scale-child.ts), repeated, the sizes
 * alternating from one repetition to the next; medians of the work time and of the peak RSS.
 */
import path from "node:path";
import { runOk } from "./processes.js";
import { median } from "./stats.js";

export interface ScaleCase {
  readonly label: string;
  readonly dashboards: number;
  readonly rules: number;
}

export const scaleCases: readonly ScaleCase[] = [
  { label: "10 dashboards", dashboards: 10, rules: 0 },
  { label: "100 dashboards", dashboards: 100, rules: 0 },
  { label: "1,000 dashboards", dashboards: 1000, rules: 0 },
  { label: "1,000 rules", dashboards: 0, rules: 1000 },
  { label: "10,000 rules", dashboards: 0, rules: 10_000 },
  { label: "1,000 dashboards + 10,000 rules", dashboards: 1000, rules: 10_000 },
];

export interface ScaleResult extends ScaleCase {
  /** Median time of the work, modules loaded. */
  readonly ms: number;
  /** Median wall time of the whole process (node, tsx, module loading, work). */
  readonly wallMs: number;
  readonly maxRss: number;
  readonly bytes: number;
  readonly runs: number;
}

export async function scaling(root: string, repetitions: number): Promise<ScaleResult[]> {
  const samples = new Map<string, { ms: number; wallMs: number; maxRss: number; bytes: number }[]>(
    scaleCases.map((c) => [c.label, []]),
  );
  const child = path.join(root, "bench", "scale-child.ts");
  for (let r = 0; r < repetitions; r++) {
    const order = r % 2 === 0 ? scaleCases : [...scaleCases].reverse();
    for (const c of order) {
      const result = await runOk(
        process.execPath,
        ["--import", "tsx", child, String(c.dashboards), String(c.rules)],
        root,
      );
      const line = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as {
        ms: number;
        bytes: number;
        maxRss: number;
      };
      samples.get(c.label)!.push({
        ms: line.ms,
        bytes: line.bytes,
        wallMs: result.wallMs,
        maxRss: result.maxRss ?? line.maxRss,
      });
    }
  }
  return scaleCases.map((c) => {
    const s = samples.get(c.label)!;
    return {
      ...c,
      ms: median(s.map((x) => x.ms)),
      wallMs: median(s.map((x) => x.wallMs)),
      maxRss: median(s.map((x) => x.maxRss)),
      bytes: s[0]?.bytes ?? 0,
      runs: s.length,
    };
  });
}
