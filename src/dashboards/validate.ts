/**
 * Validation of a dashboard model before anything is emitted. Every problem names the dashboard,
 * row, panel, query and field, says what is wrong and how to fix it; all problems are collected.
 */
import { parseDurationMs } from "../promql/duration.js";
import { isGrafanaColor } from "./colors.js";
import { DashboardError, type DashboardProblem } from "./errors.js";
import { uidPattern } from "./ids.js";
import { gridColumns } from "./layout.js";
import { variablesOf, type DashboardModel, type PanelModel, type VariableModel } from "./model.js";
import { kindDefaults } from "./panels/kinds.js";
import { assignRefIds, legendLabels } from "./targets.js";
import { variableNamePattern, variableReferences } from "./template-vars.js";
import { isGrafanaUnit } from "./units.js";

/** The schema versions whose JSON model this emitter writes (Grafana 9.4 to 13). */
export const minSchemaVersion = 36;
export const maxSchemaVersion = 42;

const q = JSON.stringify;

function variableQueryText(v: VariableModel): string[] {
  switch (v.type) {
    case "query":
      return [v.query, v.regex ?? "", v.allValue ?? ""];
    case "custom":
      return v.values.map((o) => o.value);
    default:
      return [];
  }
}

function isDuration(text: string): boolean {
  try {
    parseDurationMs(text);
    return true;
  } catch {
    return false;
  }
}

/** Every problem in the dashboard model; an empty list means it can be emitted. */
export function validateDashboard(model: DashboardModel): DashboardProblem[] {
  const problems: DashboardProblem[] = [];
  const at = `dashboard ${q(model.title)}`;
  const report = (where: string, message: string) => problems.push({ where, message });

  if (model.title.trim() === "") report(at, "the title is empty; give the dashboard a title");
  if (model.uid !== undefined && !uidPattern.test(model.uid)) {
    report(
      `${at}, field "uid"`,
      `${q(model.uid)} is not a valid uid: use 1 to 40 characters of [A-Za-z0-9_-], or leave it out to derive one from the title`,
    );
  }
  if (
    !Number.isInteger(model.schemaVersion) ||
    model.schemaVersion < minSchemaVersion ||
    model.schemaVersion > maxSchemaVersion
  ) {
    report(
      `${at}, field "schemaVersion"`,
      `${model.schemaVersion} is not supported: use an integer from ${minSchemaVersion} to ${maxSchemaVersion}`,
    );
  }
  if (model.refresh !== "" && !isDuration(model.refresh)) {
    report(`${at}, field "refresh"`, `${q(model.refresh)} is not a duration such as 30s or 1m`);
  }
  for (const side of ["from", "to"] as const) {
    if (model.time[side].trim() === "")
      report(`${at}, field "time.${side}"`, "empty; use e.g. now-6h and now");
  }
  if (new Set(model.tags).size !== model.tags.length)
    report(`${at}, field "tags"`, "a tag is listed twice");

  // Variables: valid and unique names; references only to variables defined before them.
  const defined = new Set<string>();
  for (const v of variablesOf(model)) {
    const where = `${at}, variable ${q(v.name)}`;
    if (!variableNamePattern.test(v.name) || v.name.startsWith("__")) {
      report(where, "invalid name: use letters, digits and _, not starting with a digit or __");
    }
    if (defined.has(v.name)) report(where, "another variable has the same name");
    for (const text of variableQueryText(v)) {
      for (const ref of variableReferences(text)) {
        if (ref === v.name) report(where, `refers to itself ($${ref})`);
        else if (!defined.has(ref)) {
          const later = variablesOf(model).some((o) => o.name === ref);
          report(
            where,
            later
              ? `uses $${ref}, which is defined after it; Grafana resolves variables in order, so add ${ref} first`
              : `uses $${ref}, which is not defined; add the variable or remove the reference`,
          );
        }
      }
    }
    if (v.type === "custom") {
      if (v.values.length === 0) report(where, "has no values; give at least one");
      if (v.default !== undefined && !v.values.some((o) => o.value === v.default))
        report(`${where}, field "default"`, `${q(v.default)} is not one of the values`);
    }
    if (v.type === "interval") {
      if (v.values.length === 0) report(where, "has no values; give at least one duration");
      for (const d of v.values)
        if (!isDuration(d)) report(where, `${q(d)} is not a duration such as 5m`);
      if (v.default !== undefined && v.default !== "auto" && !v.values.includes(v.default))
        report(`${where}, field "default"`, `${q(v.default)} is not one of the values`);
      if (v.default === "auto" && !v.auto)
        report(`${where}, field "default"`, `"auto" needs the auto option`);
    }
    defined.add(v.name);
  }
  const checkRefs = (where: string, field: string, text: string) => {
    for (const ref of variableReferences(text)) {
      if (!defined.has(ref)) {
        report(
          `${where}, field ${q(field)}`,
          `uses $${ref}, which is not defined; add the variable to the dashboard or remove the reference`,
        );
      }
    }
  };

  for (const a of model.annotations) {
    const where = `${at}, annotation ${q(a.name)}`;
    checkRefs(where, "expr", a.expr);
    for (const [field, text] of [
      ["title", a.titleFormat],
      ["text", a.textFormat],
    ] as const) {
      const unknown = a.labels && legendLabels(text).filter((l) => !a.labels?.includes(l));
      if (unknown && unknown.length > 0)
        report(
          `${where}, field ${q(field)}`,
          `names ${unknown.join(", ")}, which the query does not return`,
        );
    }
  }
  model.links.forEach((l, i) => {
    if (l.url !== undefined) checkRefs(`${at}, link #${i + 1} ${q(l.title)}`, "url", l.url);
  });

  // Panels.
  const explicitIds = new Map<number, string>();
  const checkPanel = (p: PanelModel, where: string) => {
    const d = kindDefaults[p.kind];
    const width = p.width ?? d.width;
    const height = p.height ?? d.height;
    if (!Number.isInteger(width) || width < 1 || width > gridColumns)
      report(`${where}, field "width"`, `${width} is not a width in grid columns: use 1 to 24`);
    if (!Number.isInteger(height) || height < 1)
      report(
        `${where}, field "height"`,
        `${height} is not a height in grid rows: use an integer >= 1`,
      );
    if (p.id !== undefined) {
      if (!Number.isInteger(p.id) || p.id < 1 || p.id > 0x7fffffff)
        report(`${where}, field "id"`, `${p.id} is not a panel id: use an integer from 1`);
      const other = explicitIds.get(p.id);
      if (other !== undefined) report(`${where}, field "id"`, `${p.id} is also the id of ${other}`);
      explicitIds.set(p.id, where);
    }
    checkRefs(where, "title", p.title);
    if (p.description !== undefined) checkRefs(where, "description", p.description);
    if (p.kind === "text") return;
    const unit = p.defaults.unit;
    if (unit === undefined || !isGrafanaUnit(unit)) {
      report(
        `${where}, field "unit"`,
        `${q(unit ?? "")} is not a Grafana unit id (e.g. short, s, reqps, percentunit)`,
      );
    }
    const refIds = assignRefIds(p.queries);
    const seen = new Set<string>();
    p.queries.forEach((query, i) => {
      const refId = refIds[i] ?? "";
      const qw = `${where}, query ${refId}`;
      if (seen.has(refId))
        report(`${qw}, field "refId"`, "another query of the panel has the same refId");
      seen.add(refId);
      checkRefs(qw, "expr", query.expr);
      if (query.minInterval !== undefined) checkRefs(qw, "minInterval", query.minInterval);
      if (query.legend !== undefined && query.labels) {
        const unknown = legendLabels(query.legend).filter((l) => !query.labels?.includes(l));
        if (unknown.length > 0) {
          report(
            `${qw}, field "legend"`,
            `names ${unknown.map((l) => `{{${l}}}`).join(", ")}, which the query does not return (it returns ${query.labels.length === 0 ? "no labels" : query.labels.join(", ")}); keep the label in the aggregation or change the legend`,
          );
        }
      }
      if (
        (query.format ?? d.format) === "heatmap" &&
        query.labels &&
        !query.labels.includes("le")
      ) {
        report(
          `${qw}, field "format"`,
          `format heatmap needs the "le" label of histogram buckets; aggregate with by (le, ...) or use format time_series`,
        );
      }
    });
    p.overrides.forEach((o, i) => {
      if (o.matcher.id === "byFrameRefID" && !refIds.includes(o.matcher.options)) {
        report(
          `${where}, override #${i + 1}`,
          `matches query ${q(o.matcher.options)}, but the panel's queries are ${refIds.join(", ") || "none"}`,
        );
      }
      for (const prop of o.properties) {
        if (prop.id === "unit" && (typeof prop.value !== "string" || !isGrafanaUnit(prop.value)))
          report(
            `${where}, override #${i + 1}, field "unit"`,
            `${q(prop.value)} is not a Grafana unit id`,
          );
      }
    });
    const t = p.defaults.thresholds;
    if (t) {
      const steps = t.steps ?? [];
      steps.forEach((s, i) => {
        if (i === 0 && s.value !== null)
          report(
            `${where}, field "thresholds"`,
            "the first step is the base: its value must be null",
          );
        const prev = steps[i - 1]?.value;
        if (i > 0 && (typeof s.value !== "number" || (typeof prev === "number" && s.value <= prev)))
          report(
            `${where}, field "thresholds"`,
            `step #${i + 1} must be a number above the step before it`,
          );
        if (s.color !== undefined && !isGrafanaColor(s.color))
          report(`${where}, field "thresholds"`, `${q(s.color)} is not a Grafana colour`);
      });
    }
    if (p.interval !== undefined) checkRefs(where, "interval", p.interval);
    if (p.repeat !== undefined && !defined.has(p.repeat.variable))
      report(`${where}, field "repeat"`, `variable ${q(p.repeat.variable)} is not defined`);
    for (const l of [...p.links, ...(p.defaults.links ?? [])]) checkRefs(where, "links", l.url);
  };

  model.panels.forEach((p) => checkPanel(p, `${at}, panel ${q(p.title)}`));
  for (const r of model.rows) {
    const rw = `${at}, row ${q(r.title)}`;
    if (r.title.trim() === "") report(rw, "the row title is empty");
    if (r.repeat !== undefined && !defined.has(r.repeat))
      report(`${rw}, field "repeat"`, `variable ${q(r.repeat)} is not defined`);
    r.panels.forEach((p) => checkPanel(p, `${rw}, panel ${q(p.title)}`));
  }
  return problems;
}

export function assertValidDashboard(model: DashboardModel): void {
  const problems = validateDashboard(model);
  if (problems.length > 0) throw new DashboardError(problems);
}
