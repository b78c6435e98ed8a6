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
  const base = {
    name: v.name,
    hide: hideIds[v.hide ?? "none"],
    ...(v.label === undefined ? {} : { label: v.label }),
    ...(v.description === undefined ? {} : { description: v.description }),
  };
  switch (v.type) {
    case "datasource":
      return {
        ...base,
        type: "datasource",
        query: v.pluginId,
        ...(v.default === undefined ? {} : { current: current(v.default, v.default) }),
        includeAll: false,
        multi: false,
        options: [],
        refresh: 1,
        regex: v.regex ?? "",
      } as VariableModel;
    case "query":
      return {
        ...base,
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
        ...(v.allValue === undefined ? {} : { allValue: v.allValue }),
      } as VariableModel;
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
        ...base,
        type: "custom",
        query: customQuery(v.values),
        current: current(text, selected),
        options,
        includeAll: v.includeAll,
        multi: v.multi,
        ...(v.allValue === undefined ? {} : { allValue: v.allValue }),
      } as VariableModel;
    }
    case "interval": {
      const values = [...(v.auto ? ["auto"] : []), ...v.values];
      const selected = v.default ?? v.values[0] ?? "auto";
      const text = selected === "auto" && v.auto ? "auto" : selected;
      return {
        ...base,
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
      } as VariableModel;
    }
    case "constant":
    case "textbox":
      return {
        ...base,
        type: v.type,
        query: v.value,
        current: current(v.value, v.value),
        options: [current(v.value, v.value)],
      } as VariableModel;
    case "adhoc":
      return {
        ...base,
        type: "adhoc",
        datasource: ds,
        baseFilters: [],
        filters: [],
      } as VariableModel;
  }
}

// Grafana writes the built-in query's target in the older AnnotationTarget shape, which the
// veneer's DataQuery-typed `target` does not describe.
