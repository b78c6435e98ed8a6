/**
 * promtool's series value notation behind helpers that count samples, not repetitions: promtool's
 * `a+bxn` means n+1 samples, an easy off-by-one; `ramp(0, 5, 10)` means exactly 10 samples.
 */
import { PromQLError } from "../promql/errors.js";
import { formatNumber } from "../promql/printer.js";

/** One segment of a series' values, in promtool notation. */
export type Segment = { readonly notation: string; readonly samples: number };

function count(samples: number, what: string): number {
  if (!Number.isInteger(samples) || samples < 1) {
    throw new PromQLError(
      `${what}: the number of samples must be a whole number >= 1, got ${samples}`,
    );
  }
  return samples;
}

function num(v: number): string {
  return formatNumber(v);
}

/** `samples` samples of the same value. */
export function steady(value: number, samples: number): Segment {
  count(samples, "steady()");
  return { notation: samples === 1 ? num(value) : `${num(value)}x${samples - 1}`, samples };
}

/** `samples` samples starting at `start`, each `step` more than the last (a counter: step >= 0). */
export function ramp(start: number, step: number, samples: number): Segment {
  count(samples, "ramp()");
  if (samples === 1) return { notation: num(start), samples };
  const sign = step < 0 ? "-" : "+";
  return { notation: `${num(start)}${sign}${num(Math.abs(step))}x${samples - 1}`, samples };
}

/** `samples` scrapes without a sample (the last value stays visible for the 5m lookback). */
export function missing(samples: number): Segment {
  count(samples, "missing()");
  return { notation: samples === 1 ? "_" : `_x${samples}`, samples };
}

/** A staleness marker: the series ends here (unlike `missing`, which lookback bridges). */
export function stale(): Segment {
  return { notation: "stale", samples: 1 };
}

/** Explicit values, one per scrape. */
export function samples(...values: readonly number[]): Segment {
  if (values.length === 0) throw new PromQLError("samples() needs at least one value");
  return { notation: values.map(num).join(" "), samples: values.length };
}

const segmentPattern =
  /^(?:_(?:x\d+)?|stale|[-+]?(?:\d+(?:\.\d+)?(?:e[-+]?\d+)?|Inf|NaN)(?:[-+](?:\d+(?:\.\d+)?(?:e[-+]?\d+)?)x\d+|x\d+)?)$/i;

/** Checks hand-written notation such as "0+1x10 _x3 stale". */
export function checkNotation(text: string, where: string): void {
  const parts = text.trim().split(/\s+/);
  for (const part of parts) {
    if (!segmentPattern.test(part)) {
      throw new PromQLError(
        `${where}: ${JSON.stringify(part)} is not promtool series notation (e.g. 1, 0+5x10, 3x4, _x2, stale)`,
      );
    }
  }
}
