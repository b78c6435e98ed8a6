/**
 * Deterministic YAML text for rule files and manifests. Strings that a YAML 1.1 reader (Kubernetes
 * tooling, prometheus-operator) or a YAML 1.2 reader would take for a boolean, number or null (`No`,
 * `on`, `1e3`, `0o17`, `~`) are double-quoted, so every reader sees the same string.
 */
import { Document, isScalar, parse, visit } from "yaml";

function readsAsSomethingElse(text: string): boolean {
  if (text.includes("\n")) return false;
  try {
    const read = (version: "1.1" | "1.2") => parse(text, { version, logLevel: "error" }) as unknown;
    return read("1.1") !== text || read("1.2") !== text;
  } catch {
    return false; // not a plain scalar at all: the library quotes it anyway
  }
}

export function toYaml(value: unknown): string {
  const doc = new Document(value, { version: "1.2" });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && readsAsSomethingElse(node.value))
        node.type = "QUOTE_DOUBLE";
    },
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        typeof pair.key.value === "string" &&
        readsAsSomethingElse(pair.key.value)
      ) {
        pair.key.type = "QUOTE_DOUBLE";
      }
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}
