/**
 * Kubernetes wrappers: the sidecar ConfigMap and the grafana-operator GrafanaDashboard carry the
 * dashboard JSON verbatim, are deterministic, and are refused above 1 MiB with a clear error.
 */
import * as prettier from "prettier";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  configMapMaxBytes,
  dashboard,
  dashboardArtifacts,
  dashboardConfigMap,
  dashboardJsonText,
  fluxSubstituteLabel,
  grafanaDashboardResource,
  textPanel,
} from "../src/dashboards/index.js";
import { formatJson } from "../src/dashboards/json-text.js";
import { fitsLiteralBlock, toYaml, toYamlWithText } from "../src/rules/yaml.js";
import { sampleDashboard } from "./fixtures/sample-dashboard.js";

describe("ConfigMap for the Grafana sidecar", () => {
  it("has the sidecar label, the folder annotation and the JSON under <uid>.json", () => {
    const text = dashboardConfigMap(sampleDashboard, { namespace: "monitoring", folder: "GitOps" });
    const manifest = parse(text) as {
      metadata: { name: string; labels: object; annotations: object };
      data: Record<string, string>;
    };
    expect(manifest).toMatchObject({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "grafana-dashboard-gitops-platform-sample",
        namespace: "monitoring",
        labels: { grafana_dashboard: "1" },
        annotations: { grafana_folder: "GitOps" },
      },
    });
    expect(Object.keys(manifest.data)).toEqual(["gitops-platform-sample.json"]);
    expect(manifest.data["gitops-platform-sample.json"]).toBe(sampleDashboard.json());
    expect(dashboardConfigMap(sampleDashboard, { namespace: "monitoring", folder: "GitOps" })).toBe(
      text,
    );
  });

  it("takes the sidecar's label and folder annotation names from options", () => {
    const text = dashboardConfigMap(sampleDashboard.build(), {
      name: "eso",
      folder: "Secrets",
      folderAnnotation: "k8s-sidecar-target-directory",
      sidecarLabel: { name: "grafana_dashboard", value: "true" },
      labels: { "app.kubernetes.io/part-of": "mixkit" },
    });
    expect(parse(text)).toMatchObject({
      metadata: {
        name: "eso",
        labels: { grafana_dashboard: "true", "app.kubernetes.io/part-of": "mixkit" },
        annotations: { "k8s-sidecar-target-directory": "Secrets" },
      },
    });
  });

  it("keeps Flux post-build substitution away from Grafana's ${var}, unless asked", () => {
    const labels = (options: Parameters<typeof dashboardConfigMap>[1]) =>
      (parse(dashboardConfigMap(sampleDashboard, options)) as { metadata: { labels: object } })
        .metadata.labels;
    expect(labels({})).toMatchObject({ [fluxSubstituteLabel]: "disabled" });
    expect(labels({ fluxSubstitution: true })).not.toHaveProperty(fluxSubstituteLabel);
  });

  it("refuses a ConfigMap over 1 MiB, naming the dashboard and the fix", () => {
    const big = dashboard("Huge", { uid: "huge" }).panels(
      textPanel("Notes", { content: "x".repeat(configMapMaxBytes) }),
    );
    expect(() => dashboardConfigMap(big)).toThrow(
      /dashboard "Huge", ConfigMap "grafana-dashboard-huge": the manifest is \d+ KiB, above the 1 MiB Kubernetes allows for one object; split the dashboard/,
    );
    const fits = dashboard("Huge", { uid: "huge" }).panels(
      textPanel("Notes", { content: "x".repeat(configMapMaxBytes - 20_000) }),
    );
    expect(Buffer.byteLength(dashboardConfigMap(fits))).toBeLessThanOrEqual(configMapMaxBytes);
  });
});

describe("GrafanaDashboard for grafana-operator", () => {
  it("selects instances, sets the folder and inlines the JSON", () => {
    const text = grafanaDashboardResource(sampleDashboard, {
      namespace: "monitoring",
      instanceSelector: { matchLabels: { dashboards: "grafana" } },
      folder: "GitOps",
      resyncPeriod: "10m",
    });
    const manifest = parse(text) as { spec: { json: string } };
    expect(manifest).toMatchObject({
      apiVersion: "grafana.integreatly.org/v1beta1",
      kind: "GrafanaDashboard",
      metadata: { name: "gitops-platform-sample", namespace: "monitoring" },
      spec: {
        instanceSelector: { matchLabels: { dashboards: "grafana" } },
        folder: "GitOps",
        resyncPeriod: "10m",
      },
    });
    expect(manifest.spec.json).toBe(sampleDashboard.json());
  });
});

describe("artifacts and text", () => {
  it("writes the JSON, the ConfigMap and the GrafanaDashboard of each dashboard", () => {
    const files = dashboardArtifacts([sampleDashboard], {
      configMap: { namespace: "monitoring" },
      grafanaDashboard: { instanceSelector: { matchLabels: { dashboards: "grafana" } } },
    });
    expect([...files.keys()]).toEqual([
      "gitops-platform-sample.json",
      "gitops-platform-sample.configmap.yaml",
      "gitops-platform-sample.grafanadashboard.yaml",
    ]);
    expect(files.get("gitops-platform-sample.json")).toBe(
      dashboardJsonText(sampleDashboard.build()),
    );
  });

  it("emits JSON and YAML that prettier leaves unchanged", async () => {
    const json = sampleDashboard.json();
    expect(await prettier.format(json, { parser: "json", printWidth: 100 })).toBe(json);
    const yaml = dashboardConfigMap(sampleDashboard);
    expect(await prettier.format(yaml, { parser: "yaml", printWidth: 100 })).toBe(yaml);
  });

  it("writes the JSON inside a manifest exactly as the yaml library would", () => {
    const line = fc.string({
      maxLength: 30,
      unit: fc.oneof(
        fc.constantFrom("é", "中", "#", ": ", "- ", "---", "|", '"', "'", " ", "\t", "\u0085"),
        fc.string({ minLength: 1, maxLength: 1 }),
      ),
    });
    const texts = fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 8 }).map((lines) => `${lines.join("\n")}\n`),
      fc.array(line, { minLength: 1, maxLength: 4 }).map((lines) => lines.join("\n")),
      {
        weight: 3,
        arbitrary: fc
          .dictionary(line, fc.oneof(line, fc.integer(), fc.array(line)), { minKeys: 1 })
          .map((v) => formatJson(v)),
      },
    );
    const shapes = [
      (t: string) => ({ kind: "ConfigMap", metadata: { name: "x" }, data: { "a-b.json": t } }),
      (t: string) => ({ kind: "GrafanaDashboard", spec: { folder: "F", json: t } }),
      (t: string) => ({ list: [{ json: t, after: 1 }] }),
    ];
    let direct = 0;
    fc.assert(
      fc.property(texts, fc.constantFrom(...shapes), (text, shape) => {
        if (fitsLiteralBlock(text)) direct++;
        expect(toYamlWithText(shape, text)).toBe(toYaml(shape(text)));
      }),
      { numRuns: 1000 },
    );
    // The direct path was taken, and is taken for a real dashboard.
    expect(direct).toBeGreaterThan(50);
    expect(fitsLiteralBlock(sampleDashboard.json())).toBe(true);
  });

  it("escapes keys and strings as JSON.stringify does", () => {
    const tricky = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({
        maxLength: 12,
        unit: fc.constantFrom('"', "\\", "\n", "\u0000", "\u001f", "\u2028", "\ud800", "😀", "a"),
      }),
    );
    fc.assert(
      fc.property(tricky, tricky, (key, text) => {
        expect(formatJson({ [key]: text })).toBe(`${JSON.stringify({ [key]: text }, null, 2)}\n`);
      }),
      { numRuns: 2000 },
    );
  });

  it("formats any JSON value as prettier does", async () => {
    const text = fc.string({
      maxLength: 24,
      unit: fc.oneof(
        fc.constantFrom("é", "µ", "→", "中", "한"),
        fc.string({ minLength: 1, maxLength: 1 }),
      ),
    });
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer({ min: -1000, max: 100_000 }), { maxLength: 50 }),
        fc.array(text, { maxLength: 10 }),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(text, tie("value"), { maxKeys: 5 }),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(text, value, { maxKeys: 6 }), async (v) => {
        const ours = formatJson(v);
        expect(await prettier.format(ours, { parser: "json", printWidth: 100 })).toBe(ours);
        expect(JSON.parse(ours)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});
