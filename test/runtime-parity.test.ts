/**
 * Every refusal of the type tests (test/types/*.typecheck.ts) also holds at run time, as a
 * plain-JavaScript config or one under `// @ts-nocheck` meets it: each annotated statement, run
 * as it is written, must throw when built, or build a value that validation refuses (a rule in a
 * group, a panel or annotation on a dashboard). The allowed shapes of each file (`ok`) must build and
 * validate. The few type rules about plain data that no builder sees are listed with the reason.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readTypeTestFile } from "./fixtures/type-test-cases.js";

const typesDir = path.resolve(import.meta.dirname, "types");
// Beside test/types, so the files' relative imports resolve to the same modules as the fixture's.
const tmp = mkdtempSync(path.join(import.meta.dirname, ".parity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Type rules on plain objects typed by an interface: no builder runs, so nothing can refuse them. */
const typeOnly: Readonly<Record<string, string>> = {
  "crd-field-typo": "a MetricTemplateResource literal is plain data the user types, not built",
  "crd-provider": "a MetricTemplateResource literal is plain data the user types, not built",
  "crd-canary-metric": "a CanaryMetricEntry literal is plain data the user types, not built",
  "crd-operator": "an AnalysisDefinitionResource literal is plain data the user types, not built",
  // Panel options and field config are Grafana's own schema (@grafana/schema ships types only);
  // the build passes them through and Grafana ignores what it does not know.
  "options-of-other-kind": "Grafana's panel options have no run-time schema in mixkit",
  "custom-of-other-kind": "Grafana's field config has no run-time schema in mixkit",
  "option-value": "Grafana's field config has no run-time schema in mixkit",
  "override-custom-of-other-kind": "Grafana's field config has no run-time schema in mixkit",
};

/** JavaScript refuses these itself: the method does not exist. */
const missingMethod = /^TypeError: .* is not a function$/;

interface Outcome {
  readonly name: string;
  readonly line: number;
  readonly refusal: string | undefined;
}

/** The file's code as a module whose `outcomes` run each case and whose `okRefusal` checks `ok`. */
function moduleOf(file: string): string {
  const parsed = readTypeTestFile(file, readFileSync(file, "utf8"));
  return [
    ...parsed.imports,
    `import { refusalOf, buildRefusal } from "../fixtures/build-refusal.js";`,
    ...parsed.setup,
    "export const outcomes = [",
    ...parsed.cases.map(
      (c) =>
        `  { name: ${JSON.stringify(c.name)}, line: ${c.line}, refusal: refusalOf(() => {\n${c.body}\n}) },`,
    ),
    "];",
    "export const okRefusal = typeof ok === 'undefined' ? undefined : buildRefusal(ok);",
  ].join("\n");
}

const files = readdirSync(typesDir)
  .filter((f) => f.endsWith(".typecheck.ts"))
  .sort();

describe.each(files)("%s at run time", (name) => {
  const load = async () => {
    const generated = path.join(tmp, name);
    writeFileSync(generated, moduleOf(path.join(typesDir, name)));
    return (await import(pathToFileURL(generated).href)) as {
      outcomes: readonly Outcome[];
      okRefusal: string | undefined;
    };
  };

  it("refuses every case the compiler refuses, and builds the allowed shapes", async () => {
    const { outcomes, okRefusal } = await load();
    expect(okRefusal, "the allowed shapes build and validate").toBeUndefined();
    expect(outcomes.length).toBeGreaterThan(0);
    const unrefused = outcomes
      .filter((o) => o.refusal === undefined && !(o.name in typeOnly))
      .map((o) => `${name}:${o.line} ${o.name}`);
    expect(unrefused, "cases that build at run time").toEqual([]);
    for (const o of outcomes.filter((x) => x.refusal !== undefined)) {
      if (missingMethod.test(o.refusal as string)) continue;
      expect(o.refusal, `${o.name}: a one-line message, not a crash`).toMatch(
        /^(?![^]*\n)(?!TypeError|ReferenceError)/,
      );
    }
  });
});
