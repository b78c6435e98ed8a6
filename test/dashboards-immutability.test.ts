/**
 * Mutation tests: a builder never shares mutable state with its caller or with output it produced.
 * Changing a builder (or the objects passed to it, or the JSON it returned) after `build()` leaves
 * earlier output unchanged, and every `build()` returns a fresh copy.
 */
import { describe, expect, it } from "vitest";
import {
  customVariable,
  dashboard,
  mapValues,
  row,
  statPanel,
  thresholds,
  timeSeriesPanel,
} from "../src/dashboards/index.js";
import { count, gauge, sum } from "../src/promql/index.js";

const up = gauge("up", ["job", "instance"]);

function sample() {
  const panel = timeSeriesPanel("Up", { unit: "short", description: "Targets up." }).query(
    sum(up).by("job"),
    { legend: "{{job}}" },
  );
  const d = dashboard("Immutable", { tags: ["a"] })
    .panels(panel)
    .rows(row("More", [statPanel("Count", { unit: "none" }).query(count(up))]));
  return { panel, d };
}

describe("immutability", () => {
  it("changing a builder after build() leaves the earlier output unchanged", () => {
    const { panel, d } = sample();
    const built = d.build();
    const text = d.json();
    const snapshot = structuredClone(built);

    const d2 = d
      .panels(panel.query(count(up), { legend: "all" }).description("changed"))
      .variables(customVariable("env", ["prod"]))
      .rows(row("Extra", [panel]));
    panel.options({ legend: { showLegend: false } }).size(24, 3);

    expect(built).toEqual(snapshot);
    expect(d.json()).toBe(text);
    expect(d2.json()).not.toBe(text);
  });

  it("build() returns a fresh deep copy: editing it does not reach the builder", () => {
    const { d } = sample();
    const first = d.build();
    const text = d.json();
    first.title = "edited";
    first.panels?.push({ type: "text", title: "injected" });
    (first.templating?.list ?? []).length = 0;
    const panel = first.panels?.[0] as { fieldConfig?: { defaults: { unit?: string } } };
    if (panel.fieldConfig) panel.fieldConfig.defaults.unit = "bytes";

    const second = d.build();
    expect(second).not.toBe(first);
    expect(second.panels).not.toBe(first.panels);
    expect(d.json()).toBe(text);
  });

  it("objects passed to builders are copied: mutating them later changes nothing", () => {
    const options = { legend: { showLegend: true, calcs: ["max"] } };
    const steps = thresholds("green", [5, "red"]);
    const mappingValues = { 1: { text: "Up", color: "green" as const } };
    const tags = ["one"];
    const values = ["a", "b"];
    const spec = { unit: "short" as const, width: 12 };
    const d = dashboard("Inputs", { tags })
      .variables(customVariable("pick", values))
      .panels(
        timeSeriesPanel("Up", spec)
          .query(sum(up).by("job"))
          .options(options)
          .thresholds(steps)
          .mappings(mapValues(mappingValues)),
      );
    const text = d.json();

    options.legend.calcs.push("min");
    options.legend.showLegend = false;
    (steps.steps as { value: number | null }[]).push({ value: 10 });
    mappingValues[1].text = "Down";
    tags.push("two");
    values.push("c");
    spec.width = 24;

    expect(d.json()).toBe(text);
  });

  it("builders and their models are frozen", () => {
    const { panel, d } = sample();
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.model)).toBe(true);
    expect(Object.isFrozen(d.model.panels[0]?.queries)).toBe(true);
    expect(Object.isFrozen(panel.model.defaults)).toBe(true);
    expect(() => {
      (d.model.tags as string[]).push("x");
    }).toThrow(TypeError);
  });

  it("a panel shared by two dashboards stays independent in each", () => {
    const shared = statPanel("Count", { unit: "none" }).query(count(up));
    const a = dashboard("A").panels(shared);
    const b = dashboard("B").panels(shared.size(12, 6));
    expect(a.build().panels?.[0]?.gridPos).toMatchObject({ w: 6, h: 4 });
    expect(b.build().panels?.[0]?.gridPos).toMatchObject({ w: 12, h: 6 });
  });
});
