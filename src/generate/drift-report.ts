/**
 * A readable summary of drift for a CI log: one line per file, and for a changed file the first
 * lines of its unified diff (`-` on disk, `+` what the config builds), cut short on big changes.
 */
import { structuredPatch } from "diff";
import type { Drift } from "./drift.js";

const indent = "      ";

function changedLines(path: string, actual: string, expected: string, maxLines: number): string[] {
  const patch = structuredPatch(path, path, actual, expected, undefined, undefined, { context: 1 });
  const lines = patch.hunks.flatMap((h) => [
    `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
    ...h.lines,
  ]);
  const added = lines.filter((l) => l.startsWith("+")).length;
  const removed = lines.filter((l) => l.startsWith("-")).length;
  const shown = lines.slice(0, maxLines).map((l) => indent + l);
  const more = lines.length - shown.length;
  return [
    `  changed  ${path}  (+${added} -${removed} lines)`,
    ...shown,
    ...(more > 0 ? [`${indent}... ${more} more diff lines`] : []),
  ];
}

export function driftReport(drift: readonly Drift[], maxLinesPerFile = 12): string {
  return drift
    .flatMap((d) => {
      switch (d.kind) {
        case "missing":
          return [`  missing  ${d.path}`];
        case "stale":
          return [`  stale    ${d.path}  (no longer generated; mixkit build removes it)`];
        case "changed":
          return changedLines(d.path, d.actual, d.expected, maxLinesPerFile);
      }
    })
    .join("\n");
}
