/**
 * promtool's series notation expanded into one entry per scrape: a number, `undefined` for a missed
 * scrape (`_`) or `"stale"` for a staleness marker. `a+bxn` is n+1 samples, as promtool reads it.
 */
import { PromQLError } from "../promql/errors.js";

export type ScrapeValue = number | undefined | "stale";

const unsigned = String.raw`(?:\d+(?:\.\d+)?(?:e[-+]?\d+)?|Inf|NaN)`;
const series = new RegExp(`^([-+]?${unsigned})(?:([-+])(${unsigned})x(\\d+)|x(\\d+))?$`, "i");

function parseNumber(text: string): number {
  const t = text.toLowerCase();
  if (t.endsWith("inf")) return t.startsWith("-") ? -Infinity : Infinity;
  if (t === "nan") return NaN;
  return Number(text);
}

export function expandNotation(text: string): ScrapeValue[] {
  const out: ScrapeValue[] = [];
  for (const part of text.trim().split(/\s+/)) {
    if (part === "stale") {
      out.push("stale");
      continue;
    }
    const missed = /^_(?:x(\d+))?$/.exec(part);
    if (missed) {
      for (let i = 0; i < Number(missed[1] ?? 1); i++) out.push(undefined);
      continue;
    }
    const m = series.exec(part);
    if (!m) throw new PromQLError(`${JSON.stringify(part)} is not promtool series notation`);
    const start = parseNumber(m[1] as string);
    if (m[4] !== undefined) {
      const step = parseNumber(m[3] as string) * (m[2] === "-" ? -1 : 1);
      for (let i = 0; i <= Number(m[4]); i++) out.push(start + step * i);
    } else {
      const times = m[5] === undefined ? 1 : Number(m[5]) + 1;
      for (let i = 0; i < times; i++) out.push(start);
    }
  }
  return out;
}
