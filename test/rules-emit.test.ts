/** The sample rule set compiles to all four formats, and the real promtool and the CRD schema accept them. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import fc from "fast-check";
import * as prettier from "prettier";
import { parse, parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import {
  RuleSizeError,
  alert,
  checkRules,
  emitMimirRuleFile,
  emitPrometheusRules,
  emitRuleFile,
  emitThanosRuleFile,
  gauge,
  group,
  max,
  ruleArtifacts,
  toYaml,
} from "../src/index.js";
import {
  libraryYaml,
  parsesAsSomethingElse,
  readsAsItselfWithoutParsing,
  toYaml as rulesToYaml,
} from "../src/rules/yaml.js";
import { plainYaml } from "../src/rules/yaml-plain.js";
import { sampleGroups } from "./fixtures/sample-rules.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const promRule = {
  name: "sample",
  namespace: "monitoring",
  labels: { release: "kube-prometheus-stack" },
};

describe("rule emitters", () => {
  const ruleFile = emitRuleFile(sampleGroups);

  it("write a plain rule file that promtool accepts with every lint fatal", () => {
    const r = checkRules([writeTemp("sample.rules.yaml", ruleFile)], { lint: true });
    expect(r.output).toContain("SUCCESS: 7 rules found");
    expect(r.ok, r.output).toBe(true);
  });

  it("make promtool fail on a broken rule file (the check can fail)", () => {
    const broken = ruleFile.replace("expr: ", "expr: sum(");
    expect(broken).not.toBe(ruleFile);
    const r = checkRules([writeTemp("broken.rules.yaml", broken)], { lint: true });
    expect(r.ok).toBe(false);
    expect(r.failures.join("\n")).toContain("could not parse expression");
  });

  it("write PrometheusRule manifests that the CRD schema and promtool accept", () => {
    const [manifest, ...more] = emitPrometheusRules(sampleGroups, promRule);
    expect(more).toEqual([]);
    const object = parse(manifest as string);
    expect(object.metadata).toEqual({
      name: "sample",
      namespace: "monitoring",
      labels: { release: "kube-prometheus-stack" },
    });
    expect(() => new PrometheusRule(object).validate()).not.toThrow();
    // The operator hands .spec to Prometheus as a rule file.
    const r = checkRules([writeTemp("unwrapped.rules.yaml", toYaml(object.spec))], { lint: true });
    expect(r.ok, r.output).toBe(true);
  });

  it("the CRD schema check itself rejects a bad manifest", () => {
    const object = parse(emitPrometheusRules(sampleGroups, promRule)[0] as string);
    object.spec.groups[1].rules[0].for = "10 minutes";
    expect(() => new PrometheusRule(object).validate()).toThrow(/must match pattern/);
  });

  it("write a Mimir namespace file and a Thanos rule file", () => {
    const mimir = parse(emitMimirRuleFile("platform", sampleGroups));
    expect(mimir.namespace).toBe("platform");
    expect(mimir.groups.map((g: { name: string }) => g.name)).toEqual([
      "external-secrets.rules",
      "external-secrets.alerts",
      "flux",
    ]);
    const thanos = parse(
      emitThanosRuleFile([
        sampleGroups[0]!.with({ partialResponseStrategy: "warn" }),
        sampleGroups[1]!,
      ]),
    );
    expect(
      thanos.groups.map((g: { partial_response_strategy: string }) => g.partial_response_strategy),
    ).toEqual(["warn", "abort"]);
    // Without the Thanos-only field, the same groups are a Prometheus rule file.
    const asPrometheus = {
      groups: thanos.groups.map(
        ({ partial_response_strategy: _, ...g }: Record<string, unknown>) => g,
      ),
    };
    expect(checkRules([writeTemp("thanos-as-prom.rules.yaml", toYaml(asPrometheus))]).ok).toBe(
      true,
    );
    expect(emitRuleFile(sampleGroups)).not.toContain("partial_response_strategy");
  });

  it("are byte-identical across runs and already prettier-formatted", async () => {
    const outputs = [
      emitRuleFile(sampleGroups),
      ...emitPrometheusRules(sampleGroups, promRule),
      emitMimirRuleFile("platform", sampleGroups),
      emitThanosRuleFile(sampleGroups),
    ];
    expect(emitRuleFile(sampleGroups)).toBe(outputs[0]);
    for (const text of outputs) expect(await prettier.format(text, { parser: "yaml" })).toBe(text);
  });

  it("quote strings that YAML 1.1 or 1.2 readers would turn into booleans or numbers", () => {
    const condition = gauge("x", ["name"]);
    const tricky = [
      "No",
      "on",
      "yes",
      "Off",
      "y",
      "1e3",
      "0o17",
      "0x1F",
      "~",
      "null",
      "12:30",
      ".inf",
      "1_000",
    ];
    const rules = [
      group("quoting", [
        alert("Tricky", {
          expr: max(condition).by("name").gt(0),
          severity: "info",
          summary: "No",
          description: "{{ $labels.name }}",
          annotations: Object.fromEntries(tricky.map((t, i) => [`a${i}`, t])),
        }),
      ]),
    ];
    const text = emitRuleFile(rules);
    for (const version of ["1.1", "1.2"] as const) {
      const annotations = parse(text, { version }).groups[0].rules[0].annotations;
      expect(annotations.summary).toBe("No");
      expect(annotations.description).toBe("{{ $labels.name }}");
      tricky.forEach((t, i) => expect(annotations[`a${i}`], `${t} under YAML ${version}`).toBe(t));
    }
  });
});

describe("YAML quoting of names", () => {
  it("names read back as themselves under YAML 1.1 and 1.2, boolean and null words included", () => {
    const words = ["no", "No", "FALSE", "Off", "null", "NULL", "y", "yes", "True", "on", "_"];
    const name = fc
      .tuple(
        fc.constantFrom(...words, "a", "Z", "_"),
        fc.string({
          unit: fc.constantFrom(...words, "a", "e", "x", "0", "1", "_", ":"),
          maxLength: 6,
        }),
      )
      .map(([head, tail]) => head + tail);
    fc.assert(
      fc.property(name, (text) => {
        const yaml = toYaml({ [text]: text, list: [text] });
        for (const version of ["1.1", "1.2"] as const) {
          const back = parse(yaml, { version }) as Record<string, unknown>;
          expect(back[text], `${JSON.stringify(text)} under YAML ${version}`).toBe(text);
          expect(back["list"]).toEqual([text]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("YAML quoting of words, sentences and durations without parsing", () => {
  const units = [
    ...["no", "No", "FALSE", "Off", "null", "NULL", "y", "Yes", "True", "on", "n", "N", "~"],
    ...["a", "Z", "e", "E", "x", "o", "b", "inf", "nan", "0", "1", "9", "ms", "s", "m", "h", "d"],
    ...["w", "y", ".", " ", "-", "/", "_", ":", "#", "+", "<<", "=", "stale", "x", "0x", "1x"],
  ];
  const text = fc.string({ unit: fc.constantFrom(...units), maxLength: 8 });

  it("says 'reads as itself' only where YAML 1.1 and 1.2 parsers agree", () => {
    fc.assert(
      fc.property(text, (t) => {
        if (readsAsItselfWithoutParsing(t))
          expect(parsesAsSomethingElse(t), JSON.stringify(t)).toBe(false);
      }),
      { numRuns: 20_000 },
    );
  });

  it("decides the texts a build repeats without parsing", () => {
    for (const t of [
      "Info",
      "gauge",
      "external-secrets.io",
      "v1",
      "10m",
      "1h30m",
      "A PushSecret is not ready.",
    ])
      expect(readsAsItselfWithoutParsing(t), t).toBe(true);
    for (const t of [
      "no",
      "On",
      "1e3",
      "0x19",
      ".inf",
      "1:20",
      "2001-12-14",
      "abc ",
      "a: b",
      "10e3m",
    ])
      expect(readsAsItselfWithoutParsing(t), t).toBe(false);
  });
});

describe("YAML text without the library", () => {
  const words = [
    ...["no", "On", "null", "~", "", " ", "a", "Z", "x1", "1", "0x1", "1e3", "-", "?", ":", "#"],
    ...["a: b", "a #b", "a:", "a ", " a", "'", '"', "'a'", '"a"', "{{ $labels.x }}", "[x]", "-x"],
    ...[
      "- x",
      "? x",
      "%x",
      "---",
      "...",
      "&a",
      "*a",
      "!a",
      "|",
      ">",
      "@",
      "`",
      ",",
      "\\",
      "é",
      "\n",
    ],
    ...["rate(x[5m]) > 0", "sum by (a) (b)", "5m", "1x19", "_", "{}", "[]", "a,b", "a\tb"],
  ];
  /** Values the writer handles (printable text, plain numbers) or, with `any`, anything. */
  const values = (any: boolean) => {
    const pool = any ? words : words.filter((w) => /^[\x20-\x7e]*$/.test(w));
    const text = fc.oneof(
      fc.constantFrom(...pool),
      fc.string({ unit: fc.constantFrom(...pool), maxLength: 4 }),
    );
    const numbers = any
      ? [0, 1, -1, 42, 0.5, -2.25, 1e21, -0, Number.NaN, 3.0, 10_000_000]
      : [0, 1, -1, 42, 0.5, -2.25, 3.0, 10_000_000];
    const leaf = fc.oneof(
      text,
      fc.constantFrom(...numbers),
      fc.boolean(),
      fc.constant(null),
      ...(any ? [fc.constant(undefined)] : []),
    );
    const node = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(
          any ? tie("node") : fc.oneof(leaf, fc.dictionary(text, tie("node"), { maxKeys: 3 })),
          {
            maxLength: 3,
          },
        ),
        fc.dictionary(text, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    return fc.dictionary(text, node, { minKeys: 1, maxKeys: 4 });
  };

  for (const [what, any, atLeast] of [
    ["the data mixkit writes", false, 1500],
    ["anything", true, 100],
  ] as const)
    it(`writes exactly what the library writes, or leaves the value to it: ${what}`, () => {
      let written = 0;
      fc.assert(
        fc.property(values(any), (value) => {
          if (plainYaml(value, () => false) !== undefined) written++;
          expect(rulesToYaml(value)).toBe(libraryYaml(value));
        }),
        { numRuns: 3000 },
      );
      // Not vacuous: the writer, not the library, wrote most of them.
      expect(written).toBeGreaterThan(atLeast);
    });

  it("leaves an object met twice to the library, which writes an anchor", () => {
    const shared = { a: "b" };
    const value = { x: shared, y: shared };
    expect(plainYaml(value, () => false)).toBeUndefined();
    expect(rulesToYaml(value)).toBe(libraryYaml(value));
    expect(rulesToYaml(value)).toContain("&");
  });
});

describe("PrometheusRule size limit", () => {
  const condition = gauge("externalsecret_status_condition", ["name"]);
  const bigGroup = (i: number, rules: number) =>
    group(
      `g${i}`,
      Array.from({ length: rules }, (_, r) =>
        alert(`Alert${i}x${r}`, {
          expr: max(condition).by("name").gt(r),
          severity: "info",
          summary: "Padding.",
          description: `{{ $labels.name }} ${"x".repeat(200)}`,
        }),
      ),
    );

  it("splits rules over several objects, each under the limit", () => {
    const groups = Array.from({ length: 6 }, (_, i) => bigGroup(i, 10));
    const manifests = emitPrometheusRules(groups, { name: "big", maxBytes: 8 * 1024 });
    expect(manifests.length).toBeGreaterThan(1);
    expect(manifests.map((m) => parse(m).metadata.name)).toEqual(
      manifests.map((_, i) => (i === 0 ? "big" : `big-${i + 1}`)),
    );
    for (const m of manifests) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(8 * 1024);
    const names = manifests.flatMap((m) =>
      parse(m).spec.groups.map((g: { name: string }) => g.name),
    );
    expect(names).toEqual(groups.map((g) => g.name));
  });

  it("refuses a single group over the limit, naming it", () => {
    expect(() =>
      emitPrometheusRules([bigGroup(0, 40)], { name: "big", maxBytes: 8 * 1024 }),
    ).toThrow(RuleSizeError);
    expect(() =>
      emitPrometheusRules([bigGroup(0, 40)], { name: "big", maxBytes: 8 * 1024 }),
    ).toThrow(/PrometheusRule big: group "g0" alone is \d+ bytes, over the 8192-byte limit/);
  });

  it("keeps the default at prometheus-operator's 512 KiB", () => {
    expect(() => emitPrometheusRules([bigGroup(0, 3000)], { name: "big" })).toThrow(
      /over the 524288-byte limit/,
    );
  });
});

describe("ruleArtifacts", () => {
  it("gives every format as files, the manifests as one multi-document file", () => {
    const files = ruleArtifacts(sampleGroups, {
      name: "sample",
      prometheusRule: { namespace: "monitoring" },
      mimirNamespace: "platform",
      thanos: true,
    });
    expect([...files.keys()].sort()).toEqual([
      "sample.mimir.yaml",
      "sample.prometheusrule.yaml",
      "sample.rules.yaml",
      "sample.thanos.yaml",
    ]);
    expect(parseAllDocuments(files.get("sample.prometheusrule.yaml")!).length).toBe(1);
  });
});
