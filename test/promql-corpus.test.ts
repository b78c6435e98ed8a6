/**
 * A corpus of real PromQL (upstream dashboards and alerts, research sketches) rebuilt with the typed
 * builders: each prints its canonical text, the text survives a parse and print round trip, and the
 * expressions without Grafana variables load in the real `promtool check rules`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkRules,
  counter,
  delta,
  findPromtool,
  findSyntaxProblem,
  parsePromQL,
  print,
} from "../src/index.js";
import { corpus } from "./fixtures/promql-corpus.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-promql-corpus-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `$__rate_interval`, `$namespace`, `${var}`: Grafana variables, which Prometheus cannot read. */
const grafanaVariable = /\$(?:__[A-Za-z_]|[A-Za-z_]|\{)/;
const usesGrafanaVariables = (text: string) => grafanaVariable.test(text);

const entries = corpus.map((entry, i) => ({ ...entry, id: `entry_${i + 1}` }));
const plain = entries.filter((e) => !usesGrafanaVariables(e.expected));

function ruleFile(exprs: readonly { record: string; expr: string }[]): string {
  return stringify({ groups: [{ name: "promql-corpus", rules: exprs }] });
}

function writeTemp(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("PromQL corpus", () => {
  it("has at least 30 entries from at least 30 distinct sources", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((e) => e.source)).size).toBeGreaterThanOrEqual(30);
    for (const e of corpus) expect(e.source).toMatch(/^(upstream|research)\/\S+/);
  });

  it("mixes expressions with and without Grafana variables, most reproduced unchanged", () => {
    expect(plain.length).toBeGreaterThanOrEqual(15);
    expect(entries.length - plain.length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((e) => e.original !== undefined).length).toBeGreaterThanOrEqual(30);
  });

  describe.each(entries)("$id: $source", (entry) => {
    it("prints the canonical text", () => {
      const built = entry.build();
      expect(String(built)).toBe(entry.expected);
      expect(print(built.node)).toBe(entry.expected);
    });

    const original = entry.original;
    if (original !== undefined) {
      it("means what the source's own text means", () => {
        expect(print(parsePromQL(original))).toBe(entry.expected);
      });
    }

    it("survives a parse and print round trip", () => {
      expect(findSyntaxProblem(entry.expected)).toBeUndefined();
      expect(print(parsePromQL(entry.expected))).toBe(entry.expected);
    });
  });

  it("loads in the real promtool check rules (every entry without Grafana variables)", () => {
    findPromtool(); // fails with an install hint when promtool is missing
    const rules = plain.map((e) => ({ record: `corpus:${e.id}`, expr: e.expected }));
    const file = writeTemp("corpus.rules.yaml", ruleFile(rules));
    const r = checkRules([file]);
    expect(r.ok, r.output).toBe(true);
    expect(r.output).toContain(`SUCCESS: ${plain.length} rules found`);
  });

  it("makes promtool fail on a broken expression (the check can fail)", () => {
    const first = plain[0];
    if (!first) throw new Error("no corpus entry without Grafana variables");
    const broken = [
      { record: "corpus:good", expr: first.expected },
      { record: "corpus:broken", expr: `sum(${first.expected}` },
    ];
    const r = checkRules([writeTemp("broken.rules.yaml", ruleFile(broken))]);
    expect(r.ok).toBe(false);
    expect(r.output).toContain("could not parse expression");
  });

  it("refuses the upstream delta() of a counter, at compile time and at run time", () => {
    const rotations = counter("spire_agent_agent_svid_rotate", ["host", "status"]);
    // spire#3683's user rule applies delta() to a counter; the corpus uses increase() instead.
    expect(() =>
      // @ts-expect-error delta() takes gauge range vectors only
      delta(rotations.where({ status: "OK" }).range("5m")),
    ).toThrow(
      'delta(...) does not take a counter: spire_agent_agent_svid_rotate{status="OK"}[5m] is a counter; use rate(...) or increase(...)',
    );
  });
});
