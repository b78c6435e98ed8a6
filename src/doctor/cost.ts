/**
 * What each rule and each dashboard query costs on the server: the series its selectors touch
 * (each selector's `count`, summed) and the time one evaluation takes there, most series first.
 */
import type { Node } from "../promql/ast.js";
import { parsePromQL } from "../promql/parse.js";
import { print } from "../promql/printer.js";
import { childNodes } from "../promql/walk.js";
import type { RuleGroup } from "../rules/model.js";
import { panelTargets, substituteVariables } from "../testing/live.js";
import type { PrometheusApi } from "./client.js";

export interface QueryCost {
  /** `rule <name>`, or `<dashboard> / <panel> (<refId>)`. */
  readonly what: string;
  readonly series: number;
  /** One evaluation at the server, as the client waits for it. */
  readonly ms: number;
}

/** The instant-vector form of every selector an expression reads (`x[5m]` as `x`). */
function selectorsOf(node: Node): string[] {
  const out = new Set<string>();
  const visit = (n: Node): void => {
    if (n.type === "vectorSelector" || n.type === "matrixSelector")
      out.add(print({ type: "vectorSelector", name: n.name, matchers: n.matchers }));
    else childNodes(n).forEach(visit);
  };
  visit(node);
  return [...out];
}

async function costOf(api: PrometheusApi, what: string, node: Node): Promise<QueryCost> {
  const counts = await Promise.all(
    selectorsOf(node).map(async (s) => (await api.query(`count(${s})`))[0]?.value ?? 0),
  );
  const started = performance.now();
  await api.query(print(node));
  return {
    what,
    series: counts.reduce((a, b) => a + b, 0),
    ms: Math.round(performance.now() - started),
  };
}

interface DashboardLike {
  build(): unknown;
}

/** The cost of every rule and every dashboard query of a mixin, most series first. */
export async function queryCosts(
  api: PrometheusApi,
  groups: readonly RuleGroup[],
  dashboards: readonly DashboardLike[],
): Promise<QueryCost[]> {
  const queries: [string, Node][] = groups
    .flatMap((g) => g.rules)
    .map((rule) => [`rule ${rule.name}`, rule.expr.node]);
  for (const d of dashboards) {
    const json = d.build() as { title: string; panels: [] };
    for (const t of panelTargets(json)) {
      try {
        queries.push([
          `${t.dashboard} / ${t.panel} (${t.refId})`,
          parsePromQL(substituteVariables(t.expr, {})),
        ]);
      } catch {
        // mixkit lint reports a query that does not parse
      }
    }
  }
  // A few at a time: the server answers in parallel, and a fleet's mixin has many queries.
  const costs: QueryCost[] = [];
  let next = 0;
  const lane = async () => {
    while (next < queries.length) {
      const [what, node] = queries[next++] as [string, Node];
      costs.push(await costOf(api, what, node));
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return costs.sort((a, b) => b.series - a.series || b.ms - a.ms || (a.what < b.what ? -1 : 1));
}
