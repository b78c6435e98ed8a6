/** The metric catalog: exact upstream names and labels, scraped label sets, clear definition errors. */
import { describe, expect, it } from "vitest";
import { defineCatalog, defineMetric, inferLabels, rate, sum } from "../src/index.js";
import { esCondition, esSyncErrors, fluxReconcile } from "./fixtures/sample-rules.js";

const base = {
  unit: "count",
  help: "Failed sync calls of an ExternalSecret.",
  source: { component: "external-secrets" },
  since: "v0.1.0",
} as const;

describe("defineMetric", () => {
  it("keeps the exposed name and labels and records where they come from", () => {
    expect(esSyncErrors.meta).toMatchObject({
      name: "externalsecret_sync_calls_error",
      kind: "counter",
      exposedLabels: ["name", "namespace"],
      unit: "count",
      since: "v0.1.0",
    });
  });

  it("adds the scrape-time labels and renames the object namespace to exported_namespace", () => {
    expect(esCondition.meta.scrapedLabels).toEqual([
      "name",
      "exported_namespace",
      "condition",
      "status",
      "job",
      "instance",
      "pod",
      "namespace",
      "container",
      "service",
      "cluster",
    ]);
    const expr = sum(rate(esSyncErrors.range("5m"))).without("pod", "instance");
    expect([...(inferLabels(expr.node) ?? [])].sort()).toEqual(
      ["cluster", "container", "exported_namespace", "job", "name", "namespace", "service"].sort(),
    );
  });

  it("gives histograms their bucket, sum and count series", () => {
    expect(String(fluxReconcile.bucket())).toBe("gotk_reconcile_duration_seconds_bucket");
    expect([...(inferLabels(fluxReconcile.bucket().node) ?? [])]).toContain("le");
    expect(String(fluxReconcile.count())).toBe("gotk_reconcile_duration_seconds_count");
  });

  it.each([
    [{ help: " " }, "defineMetric(x): help is empty"],
    [{ since: "latest" }, 'defineMetric(x): since must be a version like "v0.9.0", got "latest"'],
    [
      { labels: ["name"], objectNamespace: "namespace" },
      'objectNamespace "namespace" is not one of its labels',
    ],
    [
      { labels: ["name", "namespace"] },
      'the exposition label "namespace" collides with the target label of the same name',
    ],
    [{ labels: ["name", "name"] }, 'label "name" is listed twice'],
    [{ name: "x_total-errors" }, 'invalid metric name "x_total-errors"'],
  ])("refuses %j", (changes, message) => {
    expect(() =>
      defineMetric({ name: "x", kind: "counter", labels: ["name"], ...base, ...changes } as never),
    ).toThrow(message);
  });

  it("refuses a catalog with two definitions of one metric", () => {
    expect(() => defineCatalog({ a: esSyncErrors, b: esSyncErrors })).toThrow(
      "catalog: b and a both define externalsecret_sync_calls_error",
    );
    expect(Object.keys(defineCatalog({ esSyncErrors, esCondition }))).toEqual([
      "esSyncErrors",
      "esCondition",
    ]);
  });
});
