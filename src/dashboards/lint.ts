/**
 * Lint of dashboard JSON: dashboard-linter's rules, natively, plus checks of our own (multi-value
 * variables compared with `=`, a cluster variable not used, links to dashboards not in the build).
 * It reads the JSON model, so it works on built dashboards and on imported ones alike. Each finding
 * has a rule id, a location and a JSON path; a silence with a reason turns it off.
 */
import type { Node } from "../promql/ast.js";
import { parsePromQL } from "../promql/parse.js";
import type { DashboardJson } from "./emit.js";
import { linkedUids } from "./links.js";
import type { DashboardLintRule } from "./lint-rules.js";
import { equalityMatchersOn, variableReferences } from "./template-vars.js";
import { isGrafanaUnit } from "./units.js";

export { dashboardLintRules } from "./lint-rules.js";
export type { DashboardLintRule } from "./lint-rules.js";

export interface DashboardLintFinding {
  readonly rule: DashboardLintRule;
  /** The dashboard's uid (or title when it has none). */
  readonly dashboard: string;
  /** Readable location, e.g. `panel "Sync errors" (id 42), query A`. */
  readonly where: string;
  /** JSON path in the dashboard, e.g. `panels[3].targets[0].expr`. */
  readonly path: string;
  readonly message: string;
  readonly panel?: string;
  readonly query?: string;
}

/** Turns a rule off for a dashboard, a panel (by title) or one query (by refId), with a reason. */
export interface DashboardSilence {
  readonly rule: string;
  readonly reason: string;
  /** The dashboard uid (every dashboard linted when absent). */
  readonly dashboard?: string;
  readonly panel?: string;
  readonly query?: string;
}

export interface DashboardLintOptions {
  readonly silences?: readonly DashboardSilence[];
  /** Uids of the other dashboards of the build, which links may point to. */
  readonly knownUids?: readonly string[];
}

export interface DashboardLintResult {
  readonly findings: readonly DashboardLintFinding[];
  /** Findings a silence turned off, with the reason it gave. */
  readonly silenced: readonly (DashboardLintFinding & { readonly reason: string })[];
}

/** Something lintable with its own silences: a dashboard builder. */
export interface LintableDashboard {
  build(): DashboardJson;
  silences(): readonly DashboardSilence[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v !== null && typeof v === "object" ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Panel types that do not query a data source. */
const noQueryTypes = new Set([
  "row",
  "text",
  "dashlist",
  "news",
  "annolist",
  "alertlist",
  "welcome",
  "gettingstarted",
  "library-panel-row",
]);
const rateFunctions = new Set(["rate", "irate", "increase"]);

interface PanelRef {
  readonly panel: Json;
  readonly path: string;
}

function panelsOf(d: Json): PanelRef[] {
  const out: PanelRef[] = [];
  arr(d.panels).forEach((p, i) => {
    out.push({ panel: obj(p), path: `panels[${i}]` });
    arr(obj(p).panels).forEach((inner, j) => {
      out.push({ panel: obj(inner), path: `panels[${i}].panels[${j}]` });
    });
  });
  return out;
}

function referencesDatasourceVar(ds: unknown, names: ReadonlySet<string>): boolean {
  const uid = typeof ds === "string" ? ds : str(obj(ds).uid);
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(uid);
  const type = typeof ds === "string" ? "" : str(obj(ds).type);
  return m !== null && names.has(m[1] ?? "") && (type === "" || type === "prometheus");
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  switch (node.type) {
    case "call":
      node.args.forEach((a) => walk(a, visit));
      return;
    case "aggregate":
      walk(node.expr, visit);
      if (node.param) walk(node.param, visit);
      return;
    case "binary":
      walk(node.lhs, visit);
      walk(node.rhs, visit);
      return;
    case "unary":
    case "subquery":
      walk(node.expr, visit);
      return;
    default:
      return;
  }
}

/** The metrics whose selectors have no matcher on the cluster variable. */
function unscopedSelectors(tree: Node): string[] {
  const out: string[] = [];
  walk(tree, (n) => {
    if (n.type !== "vectorSelector" && n.type !== "matrixSelector") return;
    const scoped = n.matchers.some((m) => variableReferences(m.value).includes("cluster"));
    const name = n.name || "{...}";
    if (!scoped && !out.includes(name)) out.push(name);
  });
  return out;
}

/**
 * What a query variable reads: the selector of `label_values(selector, label)`, "" for
 * `label_values(label)` (every series), the query of `query_result(query)`; undefined otherwise.
 */
function labelValuesSelector(query: string): string | undefined {
  const labelValues = /^\s*label_values\s*\((.*)\)\s*$/s.exec(query);
  if (labelValues) {
    const args = labelValues[1]!;
    const comma = args.lastIndexOf(",");
    return comma === -1 ? "" : args.slice(0, comma).trim();
  }
  return /^\s*query_result\s*\((.*)\)\s*$/s.exec(query)?.[1];
}

type Scope = { readonly panel?: string; readonly query?: string };

/** What every rule of one dashboard needs: where to report, and facts about its variables. */
interface Context {
  readonly report: (
    rule: DashboardLintRule,
    where: string,
    path: string,
    message: string,
    scope?: Scope,
  ) => void;
  readonly known: ReadonlySet<string>;
  readonly defined: ReadonlySet<string>;
  readonly datasourceVars: ReadonlySet<string>;
  readonly multiValued: ReadonlySet<string>;
}

/** Variables a PromQL text uses must exist; multi-valued ones must be matched with `=~`. */
function checkVariables(ctx: Context, text: string, where: string, path: string, scope: Scope) {
  for (const ref of variableReferences(text)) {
    if (!ctx.defined.has(ref)) {
      const message = `uses $${ref}, which no variable defines`;
      ctx.report("template-undefined-variable", where, path, message, scope);
    }
  }
  for (const { label, variable } of equalityMatchersOn(text)) {
    if (ctx.multiValued.has(variable)) {
      const message = `${label} is compared with "=" to $${variable}, which can hold several values; use =~`;
      ctx.report("template-multi-value-equality", where, path, message, scope);
    }
  }
}

/** Links to `/d/<uid>` must point to a dashboard of the build. */
function checkLink(ctx: Context, link: unknown, where: string, path: string, scope: Scope = {}) {
  for (const uid of linkedUids(str(obj(link).url))) {
    if (!ctx.known.has(uid)) {
      const message = `links to dashboard uid ${JSON.stringify(uid)}, which is not in this build`;
      ctx.report("dashboard-links", where, path, message, scope);
    }
  }
}

function lintTemplating(ctx: Context, d: Json, variables: readonly Json[]): void {
  if (ctx.datasourceVars.size === 0) {
    ctx.report(
      "template-datasource",
      "templating",
      "templating.list",
      "add a data source variable of type prometheus (named datasource) so the dashboard works with any Prometheus",
    );
  }
  variables.forEach((v, i) => {
    if (str(v.type) !== "query") return;
    const where = `variable ${JSON.stringify(str(v.name))}`;
    const path = `templating.list[${i}]`;
    if (v.refresh !== 2) {
      ctx.report(
        "template-on-time-change-reload",
        where,
        `${path}.refresh`,
        "refresh the values on time range change (refresh 2), so objects created later show up",
      );
    }
    const query = typeof v.query === "string" ? v.query : str(obj(v.query).query);
    checkVariables(ctx, query, where, `${path}.query`, {});
    // The cluster variable lists every cluster; the others must list the chosen clusters' values.
    if (ctx.defined.has("cluster") && str(v.name) !== "cluster") {
      const selector = labelValuesSelector(query);
      if (selector !== undefined && !variableReferences(selector).includes("cluster")) {
        const message = `filter ${selector || "label_values()"} by the cluster variable (e.g. cluster=~"$cluster"), or values of every cluster show`;
        ctx.report("template-cluster-filter", where, `${path}.query`, message);
      }
    }
  });
  arr(obj(d.annotations).list).forEach((a, i) => {
    const expr = str(obj(a).expr);
    const where = `annotation ${JSON.stringify(str(obj(a).name))}`;
    if (expr !== "") checkVariables(ctx, expr, where, `annotations.list[${i}].expr`, {});
  });
  arr(d.links).forEach((l, i) =>
    checkLink(ctx, l, `link ${JSON.stringify(str(obj(l).title))}`, `links[${i}].url`),
  );
}

function lintPanelLinks(ctx: Context, panel: Json, where: string, path: string, scope: Scope) {
  const fieldConfig = obj(panel.fieldConfig);
  arr(panel.links).forEach((l, i) => checkLink(ctx, l, where, `${path}.links[${i}].url`, scope));
  arr(obj(fieldConfig.defaults).links).forEach((l, i) =>
    checkLink(ctx, l, where, `${path}.fieldConfig.defaults.links[${i}].url`, scope),
  );
  arr(fieldConfig.overrides).forEach((o, i) =>
    arr(obj(o).properties).forEach((p, j) => {
      if (str(obj(p).id) !== "links") return;
      arr(obj(p).value).forEach((l, k) => {
        const at = `${path}.fieldConfig.overrides[${i}].properties[${j}].value[${k}].url`;
        checkLink(ctx, l, where, at, scope);
      });
    }),
  );
}

/** Rules of a panel that queries data: description, unit, data source, queries. */
function lintDataPanel(ctx: Context, panel: Json, where: string, path: string, scope: Scope) {
  if (str(panel.description).trim() === "") {
    const message = "describe what the panel shows and what to do about it";
    ctx.report("panel-description", where, `${path}.description`, message, scope);
  }
  const unit = str(obj(obj(panel.fieldConfig).defaults).unit);
  if (unit === "" || !isGrafanaUnit(unit)) {
    const message =
      unit === ""
        ? "set a unit so readers know what the numbers mean"
        : `${JSON.stringify(unit)} is not a Grafana unit id`;
    ctx.report("panel-units", where, `${path}.fieldConfig.defaults.unit`, message, scope);
  }
  const mixed = str(obj(panel.datasource).uid) === "-- Mixed --";
  if (!mixed && !referencesDatasourceVar(panel.datasource, ctx.datasourceVars)) {
    const message = `use the data source variable (uid "\${datasource}"), not ${JSON.stringify(panel.datasource ?? null)}`;
    ctx.report("panel-datasource", where, `${path}.datasource`, message, scope);
  }
  const targets = arr(panel.targets).map(obj);
  if (targets.every((t) => str(t.expr).trim() === ""))
    ctx.report("panel-no-targets", where, `${path}.targets`, "the panel has no query", scope);
  targets.forEach((t, i) => {
    const refId = str(t.refId);
    lintTarget(ctx, t, `${where}, query ${refId}`, `${path}.targets[${i}]`, {
      ...scope,
      query: refId,
    });
  });
}

function lintTarget(ctx: Context, t: Json, where: string, path: string, scope: Scope): void {
  if (t.datasource !== undefined && !referencesDatasourceVar(t.datasource, ctx.datasourceVars)) {
    const message = "use the data source variable for every query";
    ctx.report("target-datasource", where, `${path}.datasource`, message, scope);
  }
  const expr = str(t.expr);
  if (expr.trim() === "") return;
  checkVariables(ctx, expr, where, `${path}.expr`, scope);
  let tree: Node;
  try {
    tree = parsePromQL(expr);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const message = `the query is not valid PromQL: ${reason}`;
    ctx.report("target-promql", where, `${path}.expr`, message, scope);
    return;
  }
  const unscoped = ctx.defined.has("cluster") ? unscopedSelectors(tree) : [];
  if (unscoped.length > 0) {
    const message = `filter ${unscoped.join(", ")} by the cluster variable (e.g. cluster=~"$cluster"), or series of every cluster mix`;
    ctx.report("target-cluster-filter", where, `${path}.expr`, message, scope);
  }
  walk(tree, (n) => {
    if (n.type !== "call" || !rateFunctions.has(n.fn)) return;
    const arg = n.args[0];
    if (!arg || (arg.type !== "matrixSelector" && arg.type !== "subquery")) return;
    if (arg.range.kind === "variable" && arg.range.text === "$__rate_interval") return;
    const message = `${n.fn}() should use [$__rate_interval], which always spans enough scrapes for the panel's step`;
    ctx.report("target-rate-interval", where, `${path}.expr`, message, scope);
  });
}

/** The findings of one dashboard JSON, before silences. */
function findingsOf(input: unknown, known: ReadonlySet<string>): DashboardLintFinding[] {
  const d = obj(input);
  const dashboard = str(d.uid) || str(d.title) || "(untitled)";
  const out: DashboardLintFinding[] = [];
  const variables = arr(obj(d.templating).list).map(obj);
  const ofType = (...types: string[]) => variables.filter((v) => types.includes(str(v.type)));
  const ctx: Context = {
    report: (rule, where, path, message, scope = {}) =>
      out.push({ rule, dashboard, where, path, message, ...scope }),
    known,
    defined: new Set(variables.map((v) => str(v.name))),
    datasourceVars: new Set(
      ofType("datasource")
        .filter((v) => str(v.query) === "prometheus")
        .map((v) => str(v.name)),
    ),
    multiValued: new Set(
      ofType("query", "custom")
        .filter((v) => v.multi === true || v.includeAll === true)
        .map((v) => str(v.name)),
    ),
  };

  if (str(d.title).trim() === "" || str(d.uid).trim() === "") {
    ctx.report(
      "dashboard-title-uid",
      "dashboard",
      str(d.title).trim() === "" ? "title" : "uid",
      "the dashboard needs a title and a uid (a stable uid keeps links and provisioning working)",
    );
  }
  lintTemplating(ctx, d, variables);

  const panels = panelsOf(d).filter(({ panel }) => str(panel.type) !== "row");
  const titles = new Map<string, number>();
  for (const { panel } of panels) {
    const t = str(panel.title).trim();
    if (t !== "") titles.set(t, (titles.get(t) ?? 0) + 1);
  }
  for (const { panel, path } of panels) {
    const title = str(panel.title);
    const where = `panel ${JSON.stringify(title)} (id ${String(panel.id)})`;
    const scope = { panel: title };
    if (title.trim() === "")
      ctx.report("panel-title", where, `${path}.title`, "give the panel a title", scope);
    else if ((titles.get(title.trim()) ?? 0) > 1) {
      const message = "another panel has the same title; make titles unique";
      ctx.report("panel-title", where, `${path}.title`, message, scope);
    }
    lintPanelLinks(ctx, panel, where, path, scope);
    if (!noQueryTypes.has(str(panel.type))) lintDataPanel(ctx, panel, where, path, scope);
  }
  return out;
}

function matches(s: DashboardSilence, f: DashboardLintFinding): boolean {
  return (
    s.rule === f.rule &&
    (s.dashboard === undefined || s.dashboard === f.dashboard) &&
    (s.panel === undefined || s.panel === f.panel) &&
    (s.query === undefined || s.query === f.query)
  );
}

interface Silenced {
  readonly findings: DashboardLintFinding[];
  readonly silenced: (DashboardLintFinding & { readonly reason: string })[];
  readonly used: Set<DashboardSilence>;
}

/** Splits findings into open and silenced ones; a silence without a reason silences nothing. */
function applySilences(
  found: readonly DashboardLintFinding[],
  silences: readonly DashboardSilence[],
): Silenced {
  const out: Silenced = { findings: [], silenced: [], used: new Set() };
  const valid = silences.filter((s) => s.reason.trim() !== "");
  for (const f of found) {
    const s = valid.find((x) => matches(x, f));
    if (s) {
      out.used.add(s);
      out.silenced.push({ ...f, reason: s.reason });
    } else out.findings.push(f);
  }
  return out;
}

/** Findings about the silences themselves: no reason given, or nothing to silence. */
function silenceFindings(
  silences: readonly DashboardSilence[],
  used: ReadonlySet<DashboardSilence>,
  dashboard: string,
): DashboardLintFinding[] {
  const out: DashboardLintFinding[] = [];
  silences.forEach((s, i) => {
    const on = s.panel === undefined ? "" : ` on panel ${JSON.stringify(s.panel)}`;
    const base = {
      dashboard: s.dashboard ?? dashboard,
      where: `silence #${i + 1} of ${s.rule}${on}`,
      path: "",
      ...(s.panel === undefined ? {} : { panel: s.panel }),
    };
    if (s.reason.trim() === "") {
      out.push({
        ...base,
        rule: "silence-without-reason",
        message: `silencing ${s.rule} needs a reason a reviewer can read`,
      });
    } else if (!used.has(s)) {
      out.push({
        ...base,
        rule: "silence-unused",
        message: `nothing to silence: ${s.rule} finds no problem here; remove the silence`,
      });
    }
  });
  return out;
}

/** Lints one dashboard JSON model. Links may point to itself and to `knownUids`. */
export function lintDashboard(
  dashboard: DashboardJson | unknown,
  options: DashboardLintOptions = {},
): DashboardLintResult {
  const uid = str(obj(dashboard).uid);
  const known = new Set([uid, ...(options.knownUids ?? [])]);
  const silences = options.silences ?? [];
  const result = applySilences(findingsOf(dashboard, known), silences);
  return {
    findings: [...result.findings, ...silenceFindings(silences, result.used, uid)],
    silenced: result.silenced,
  };
}

/**
 * Lints the dashboards of one build together: links may point to any of them. Builders bring their
 * own silences; silences in `options` apply to every dashboard unless they name one, and count as
 * used when they silence something in any of them.
 */
export function lintDashboards(
  dashboards: readonly (LintableDashboard | DashboardJson)[],
  options: DashboardLintOptions = {},
): DashboardLintResult {
  const items = dashboards.map((d) =>
    "build" in d && typeof d.build === "function"
      ? { json: d.build(), silences: (d as LintableDashboard).silences() }
      : { json: d as DashboardJson, silences: [] as readonly DashboardSilence[] },
  );
  const uids = items.map((i) => str(obj(i.json).uid));
  const known = new Set([...uids, ...(options.knownUids ?? [])]);
  const shared = options.silences ?? [];
  const sharedUsed = new Set<DashboardSilence>();
  const findings: DashboardLintFinding[] = [];
  const silenced: (DashboardLintFinding & { reason: string })[] = [];
  items.forEach((item, i) => {
    const uid = uids[i] ?? "";
    const own = item.silences.map((s) => ({ ...s, dashboard: uid }));
    const mine = shared.filter((s) => s.dashboard === undefined || s.dashboard === uid);
    const result = applySilences(findingsOf(item.json, known), [...own, ...mine]);
    findings.push(...result.findings, ...silenceFindings(own, result.used, uid));
    silenced.push(...result.silenced);
    for (const s of mine) if (result.used.has(s)) sharedUsed.add(s);
  });
  findings.push(...silenceFindings(shared, sharedUsed, uids[0] ?? ""));
  return { findings, silenced };
}
