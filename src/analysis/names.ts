/**
 * Kubernetes object names (DNS-1123) and metadata labels: checked before any resource is built, so
 * an apply never fails on a name.
 */
import { AnalysisError } from "./errors.js";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelKey =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** An object name (DNS-1123 subdomain: lowercase letters, digits, `-` and `.`, at most 253). */
export function checkObjectName(name: string, where: string): string {
  if (name.length > 253 || !dnsSubdomain.test(name)) {
    throw new AnalysisError(
      where,
      `${JSON.stringify(name)} is not a Kubernetes object name: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (at most 253)`,
    );
  }
  return name;
}

/** A namespace name (DNS-1123 label: lowercase letters, digits and `-`, at most 63). */
export function checkNamespace(name: string, where: string): string {
  if (name.length > 63 || !dnsLabel.test(name)) {
    throw new AnalysisError(
      where,
      `${JSON.stringify(name)} is not a namespace name: use lowercase letters, digits and "-", starting and ending with a letter or digit (at most 63)`,
    );
  }
  return name;
}

/** Metadata labels: valid keys and values, returned sorted by key (stable output). */
export function checkLabels(
  labels: Readonly<Record<string, string>> | undefined,
  where: string,
): Readonly<Record<string, string>> {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of entries) {
    if (key.length > 316 || !labelKey.test(key) || key.split("/").at(-1)!.length > 63)
      throw new AnalysisError(`${where}, label ${JSON.stringify(key)}`, "not a valid label key");
    if (value.length > 63 || !labelValue.test(value))
      throw new AnalysisError(
        `${where}, label ${JSON.stringify(key)}`,
        `${JSON.stringify(value)} is not a valid label value (letters, digits, "-", "_", ".", at most 63)`,
      );
  }
  return Object.freeze(Object.fromEntries(entries));
}
