/**
 * mixkit against @grafana/grafana-foundation-sdk in one process: each sample builds `perSample`
 * dashboards from scratch with one variant; rounds run every variant once, in an order that rotates
 * from round to round, after warm-up rounds; a garbage collection (with --expose-gc) precedes each
 * sample. Reports the median time per dashboard and each variant's ratio to the SDK's median.
 */
import { emitDashboard } from "../src/dashboards/emit.js";
import { mixkitDashboard } from "./mixkit-dashboard.js";
import { sdkDashboard } from "./sdk-dashboard.js";
import { assertSameDashboards } from "./equivalence.js";
import { collect, median, quartiles } from "./stats.js";

export interface Variant {
  readonly name: string;
  /** The SDK variant that this one is compared with. */
  readonly baseline?: string;
  build(index: number): unknown;
}

export const variants: readonly Variant[] = [
  { name: "sdk: builders + build()", build: (i) => sdkDashboard(i) },
  {
    name: "mixkit, validation on: builders + build()",
    baseline: "sdk: builders + build()",
    build: (i) => mixkitDashboard(i).build(),
  },
  {
    name: "mixkit, validation off: builders + emitDashboard(model)",
    baseline: "sdk: builders + build()",
    build: (i) => emitDashboard(mixkitDashboard(i).model),
  },
  {
    name: "sdk: to JSON text (JSON.stringify)",
    build: (i) => JSON.stringify(sdkDashboard(i), null, 2),
  },
  {
    name: "mixkit: to JSON text (.json(), validated, prettier layout)",
    baseline: "sdk: to JSON text (JSON.stringify)",
    build: (i) => mixkitDashboard(i).json(),
  },
];

export interface VariantResult {
  readonly name: string;
  readonly baseline?: string;
  /** Median milliseconds per dashboard, and the quartiles. */
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly samples: number;
}

export interface CompareOptions {
  readonly perSample: number;
  readonly warmup: number;
  readonly rounds: number;
}

export function compare(options: CompareOptions): VariantResult[] {
  const { panels } = assertSameDashboards(mixkitDashboard(0).build(), sdkDashboard(0));
  if (panels !== 20) throw new Error(`the benchmark dashboard has ${panels} panels, not 20`);
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  let sink = 0;
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length]!;
      collect();
      const start = performance.now();
      for (let i = 0; i < options.perSample; i++) {
        const out = variant.build(i);
        sink += typeof out === "string" ? out.length : 1;
      }
      const perDashboard = (performance.now() - start) / options.perSample;
      if (round >= options.warmup) times.get(variant.name)!.push(perDashboard);
    }
  }
  if (sink === 0) throw new Error("nothing was built");
  return variants.map((v) => {
    const t = times.get(v.name)!;
    const [q1, q3] = quartiles(t);
    return {
      name: v.name,
      ...(v.baseline === undefined ? {} : { baseline: v.baseline }),
      median: median(t),
      q1,
      q3,
      samples: t.length,
    };
  });
}
