/** Template variables in the JSON model, in the shape Grafana saves them. */
import type { DataSourceRef, VariableModel } from "@grafana/schema";
import type { VariableModel as VariableSpec } from "./model.js";

const hideIds = { none: 0, label: 1, variable: 2 } as const;

function current(text: string, value: string) {
  return { selected: true, text, value };
}

/** Custom variable values, comma separated (`text : value` where they differ; commas escaped). */
function customQuery(values: readonly { text: string; value: string }[]): string {
  const esc = (s: string) => s.replace(/,/g, "\\,");
  return values
    .map((v) => (v.text === v.value ? esc(v.value) : `${esc(v.text)} : ${esc(v.value)}`))
    .join(",");
}

export function emitVariable(v: VariableSpec, ds: DataSourceRef): VariableModel {
  const out = Object.assign(commonFields(v), typeFields(v, ds));
  if ((v.type === "query" || v.type === "custom") && v.allValue !== undefined)
    out.allValue = v.allValue;
  return out as unknown as VariableModel;
}

/** Name, visibility, label and description; optional keys assigned, not spread from literals. */
function commonFields(v: VariableSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { name: v.name, hide: hideIds[v.hide ?? "none"] };
  if (v.label !== undefined) out.label = v.label;
  if (v.description !== undefined) out.description = v.description;
  return out;
}

function typeFields(v: VariableSpec, ds: DataSourceRef): Record<string, unknown> {
  switch (v.type) {
    case "datasource":
      return {
        type: "datasource",
        query: v.pluginId,
        ...(v.default === undefined ? {} : { current: current(v.default, v.default) }),
        includeAll: false,
        multi: false,
        options: [],
        refresh: 1,
        regex: v.regex ?? "",
      };
    case "query":
      return {
        type: "query",
        datasource: ds,
        definition: v.query,
        query: { qryType: 1, query: v.query, refId: "PrometheusVariableQueryEditor-VariableQuery" },
        options: [],
        includeAll: v.includeAll,
        multi: v.multi,
        refresh: v.refresh === "load" ? 1 : 2,
        regex: v.regex ?? "",
        sort: v.sort,
      };
    case "custom": {
      const fallback = v.includeAll ? "$__all" : (v.values[0]?.value ?? "");
      const selected = v.default ?? fallback;
      const text =
        selected === "$__all"
          ? "All"
          : (v.values.find((o) => o.value === selected)?.text ?? selected);
      const options = [
        ...(v.includeAll ? [{ text: "All", value: "$__all" }] : []),
        ...v.values,
      ].map((o) => ({ selected: o.value === selected, text: o.text, value: o.value }));
      return {
        type: "custom",
        query: customQuery(v.values),
        current: current(text, selected),
        options,
        includeAll: v.includeAll,
        multi: v.multi,
      };
    }
    case "interval": {
      const values = [...(v.auto ? ["auto"] : []), ...v.values];
      const selected = v.default ?? v.values[0] ?? "auto";
      const text = selected === "auto" && v.auto ? "auto" : selected;
      return {
        type: "interval",
        query: v.values.join(","),
        auto: v.auto !== undefined,
        auto_count: v.auto?.steps ?? 30,
        auto_min: v.auto?.min ?? "10s",
        current: current(text, selected === "auto" ? "$__auto_interval_" + v.name : selected),
        options: values.map((o) => ({
          selected: o === selected,
          text: o,
          value: o === "auto" ? "$__auto_interval_" + v.name : o,
        })),
        refresh: 2,
      };
    }
    case "constant":
    case "textbox":
      return {
        type: v.type,
        query: v.value,
        current: current(v.value, v.value),
        options: [current(v.value, v.value)],
      };
    case "adhoc":
      return {
        type: "adhoc",
        datasource: ds,
        baseFilters: [],
        filters: [],
      };
  }
}

// Grafana writes the built-in query's target in the older AnnotationTarget shape, which the
// veneer's DataQuery-typed `target` does not describe.
