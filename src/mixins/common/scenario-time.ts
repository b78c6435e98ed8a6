/** Scenario times from config durations: whole minutes, and promtool's `<n>m`. */
import { parseDurationMs, type DurationLiteral } from "../../promql/duration.js";

export const minutes = (d: DurationLiteral) => Math.ceil(parseDurationMs(d) / 60_000);
export const at = (m: number) => `${m}m` as DurationLiteral;
