/**
 * Numbers as Kubernetes quantities. Keptn's AnalysisDefinition thresholds are `resource.Quantity`
 * (metrics-operator/api/v1beta1/analysisdefinition_types.go), and its docs warn that a float there is
 * refused ("use the `3m` quantity rather than the `0.003` float"): whole numbers stay numbers,
 * fractions become exact decimal quantities with a milli, micro or nano suffix.
 */
import { AnalysisError } from "./errors.js";

const scales: readonly (readonly [digits: number, suffix: string])[] = [
  [3, "m"],
  [6, "u"],
  [9, "n"],
];

/** `5` → `5`, `0.5` → `"500m"`, `1.25` → `"1250m"`, `0.0005` → `"500u"`; more than 9 decimals is an error. */
export function toQuantity(value: number, where: string): number | string {
  if (!Number.isFinite(value)) throw new AnalysisError(where, `${value} is not a finite number`);
  if (Number.isInteger(value)) {
    if (!Number.isSafeInteger(value))
      throw new AnalysisError(where, `${value} is too large to be written exactly`);
    return Object.is(value, -0) ? 0 : value;
  }
  const sign = value < 0 ? "-" : "";
  const fixed = Math.abs(value).toFixed(9);
  if (Number(sign + fixed) !== value)
    throw new AnalysisError(
      where,
      `${value} has more than 9 decimals; a Kubernetes quantity goes down to nano units: round it`,
    );
  const [whole = "0", fraction = ""] = fixed.split(".");
  const used = fraction.replace(/0+$/, "").length;
  const [digits, suffix] = scales.find(([d]) => used <= d) ?? [9, "n"];
  const scaled = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits) || "0");
  return `${sign}${scaled}${suffix}`;
}
