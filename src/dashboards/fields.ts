/**
 * Field config pieces: thresholds, value mappings, field colours, data links and the matchers of
 * overrides. Each helper returns plain data in Grafana's shape; nothing is checked until build.
 */
import type { FieldColor, ThresholdsConfig, ValueMapping } from "@grafana/schema";
import { isGrafanaColor, type GrafanaColor } from "./colors.js";
import { dashboardError } from "./errors.js";
import type { Loose } from "./loose.js";
import type { DataLinkModel } from "./model.js";
import type { GrafanaUnit } from "./units.js";

/** A thresholds config: a base colour, then `[value, colour]` steps in ascending order. */
export type Thresholds = Loose<ThresholdsConfig>;

/** Absolute thresholds, e.g. `thresholds("green", [1, "orange"], [5, "red"])`. */
export function thresholds(
  base: GrafanaColor,
  ...steps: readonly (readonly [number, GrafanaColor])[]
): Thresholds {
  for (const color of [base, ...steps.map(([, c]) => c)]) {
    if (!isGrafanaColor(color))
      throw dashboardError("thresholds(...)", `${JSON.stringify(color)} is not a Grafana colour`);
  }
  return {
    mode: "absolute",
    steps: [{ color: base, value: null }, ...steps.map(([value, color]) => ({ color, value }))],
  };
}

/** Thresholds in percent of the field's min..max range. */
export function percentThresholds(
  base: GrafanaColor,
  ...steps: readonly (readonly [number, GrafanaColor])[]
): Thresholds {
  return { ...thresholds(base, ...steps), mode: "percentage" };
}

/** What a mapped value is shown as. */
export interface MappingResult {
  readonly text?: string;
  readonly color?: GrafanaColor;
  readonly icon?: string;
}

export type Mapping = Loose<ValueMapping>;

/** Exact values to text and colour, e.g. a state number to Progressing / Ready / Failed. */
export function mapValues(values: Readonly<Record<string | number, MappingResult>>): Mapping {
  return { type: "value", options: { ...values } };
}

/** A numeric range (inclusive; `null` for an open end) to text and colour. */
export function mapRange(from: number | null, to: number | null, result: MappingResult): Mapping {
  return { type: "range", options: { from, to, result } };
}

/** Values matching a regular expression to text and colour. */
export function mapRegex(pattern: string, result: MappingResult): Mapping {
  return { type: "regex", options: { pattern, result } };
}

/** Special values (null, NaN, true, false, empty) to text and colour. */
export function mapSpecial(
  match: "null" | "nan" | "null+nan" | "true" | "false" | "empty",
  result: MappingResult,
): Mapping {
  return { type: "special", options: { match, result } };
}

/** A field colour: a palette or scheme, or one fixed colour. */
export type ColorSpec = Omit<Loose<FieldColor>, "fixedColor"> & {
  readonly fixedColor?: GrafanaColor;
};

/** One fixed colour for every series. */
export function fixedColor(color: GrafanaColor): ColorSpec {
  return { fixedColor: color, mode: "fixed" };
}

/** A data link on values: `url` may use Grafana's link variables (`${__field.labels.name}`). */
export type DataLink = DataLinkModel;

/** Which fields an override applies to. */
export interface FieldMatcher {
  readonly id: "byName" | "byRegexp" | "byFrameRefID" | "byType";
  readonly options: string;
}

/** Fields whose display name is exactly `name` (e.g. a legend such as `Ready`). */
export const byName = (name: string): FieldMatcher => ({ id: "byName", options: name });
/** Fields whose display name matches `regex`. */
export const byRegexp = (regex: string): FieldMatcher => ({ id: "byRegexp", options: regex });
/** Fields returned by the query with this refId. */
export const byQuery = (refId: string): FieldMatcher => ({ id: "byFrameRefID", options: refId });
/** Fields of one type. */
export const byType = (type: "number" | "string" | "time" | "boolean"): FieldMatcher => ({
  id: "byType",
  options: type,
});

/** The field config an override or `field()` sets; `custom` is typed per panel kind. */
export interface FieldSpec {
  readonly unit?: GrafanaUnit;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly noValue?: string;
  readonly displayName?: string;
  readonly color?: ColorSpec;
}

export interface OverrideSpec<C> extends FieldSpec {
  readonly thresholds?: Thresholds;
  readonly mappings?: readonly Mapping[];
  readonly links?: readonly DataLink[];
  readonly custom?: C;
}
