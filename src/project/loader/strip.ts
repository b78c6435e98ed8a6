/**
 * TypeScript to JavaScript by erasing the types, nothing else: amaro (the stripper Node.js itself
 * bundles for its own TypeScript support) in strip-only mode replaces every type with spaces, so a
 * line and column in the output is the same line and column in the source, and a stack trace or
 * error points at what the user wrote. Syntax that needs code generation (enum, namespace,
 * parameter properties) is refused with its position, as Node's own type stripping refuses it.
 */
import { createRequire } from "node:module";

export class StripError extends Error {
  override readonly name = "StripError";
  constructor(
    /** 1-based, as editors and tsc show it. */
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

type Transform = (
  source: string,
  options: { mode: "strip-only"; filename?: string },
) => {
  code: string;
};

// Loaded on the first cache miss only: compiling amaro's WebAssembly costs about 50 ms.
let transform: Transform | undefined;
function amaro(): Transform {
  transform ??= (createRequire(import.meta.url)("amaro") as { transformSync: Transform })
    .transformSync;
  return transform;
}

/**
 * amaro reports a problem as a drawing of the source: `  x <reason>`, then numbered source lines
 * (` 12 | text`) with a marker line (`    :    ^^^`) under the one at fault.
 */
export function parseStripError(report: string, source = ""): StripError {
  const lines = report.split("\n");
  const reason =
    /^\s*x (.*)$/.exec(lines.find((l) => /^\s*x /.test(l)) ?? "")?.[1] ?? report.trim();
  for (let i = 1; i < lines.length; i++) {
    const marker = /^(\s*):( *)\^/.exec(lines[i] ?? "");
    const source = /^\s*(\d+) \| /.exec(lines[i - 1] ?? "");
    if (marker === null || source === null) continue;
    const codeStart = source[0].length;
    const column = (marker[1] ?? "").length + 1 + (marker[2] ?? "").length - codeStart + 1;
    return new StripError(Number(source[1]), Math.max(1, column), reason);
  }
  // No marker: a place in the frame's head (`,-[3:9]`), or, for the end of the file, its end.
  const head = /,-\[(\d+):(\d+)\]/.exec(report);
  if (head !== null) return new StripError(Number(head[1]), Number(head[2]), reason);
  const sourceLines = source.replace(/\n$/, "").split("\n");
  return new StripError(sourceLines.length, (sourceLines.at(-1) ?? "").length + 1, reason);
}

/** The JavaScript of a TypeScript source; a StripError says where it cannot be stripped. */
export function stripTypes(source: string, filename?: string): string {
  try {
    return amaro()(source, { mode: "strip-only", ...(filename === undefined ? {} : { filename }) })
      .code;
  } catch (err) {
    if (typeof err === "string") throw parseStripError(err, source);
    throw err;
  }
}
