/**
 * The files a set of dashboards becomes, all validated before anything is emitted: the JSON for
 * provisioning, and optionally sidecar ConfigMaps and grafana-operator GrafanaDashboards.
 */
import type { DashboardBuilder } from "./dashboard.js";
import { dashboardJsonText, emitDashboard, type DashboardJson } from "./emit.js";
import { DashboardError, type DashboardProblem } from "./errors.js";
import {
  configMapText,
  grafanaDashboardText,
  type ConfigMapOptions,
  type GrafanaDashboardOptions,
} from "./wrappers.js";

export interface DashboardArtifactOptions {
  /** Also write `<uid>.configmap.yaml` for the Grafana sidecar. */
  readonly configMap?: Omit<ConfigMapOptions, "name">;
  /** Also write `<uid>.grafanadashboard.yaml` for grafana-operator. */
  readonly grafanaDashboard?: Omit<GrafanaDashboardOptions, "name">;
}

/** Path -> text for each dashboard; throws one DashboardError listing every problem of every dashboard. */
export function dashboardArtifacts(
  dashboards: readonly DashboardBuilder[],
  options: DashboardArtifactOptions = {},
): Map<string, string> {
  const problems: DashboardProblem[] = dashboards.flatMap((d) => d.validate());
  const owner = new Map<string, string>();
  for (const d of dashboards) {
    const other = owner.get(d.uid);
    if (other !== undefined) {
      problems.push({
        where: `dashboard ${JSON.stringify(d.title)}`,
        message: `uid ${JSON.stringify(d.uid)} is also the uid of dashboard ${JSON.stringify(other)}; set a distinct uid`,
      });
    }
    owner.set(d.uid, d.title);
  }
  if (problems.length > 0) throw new DashboardError(problems);
  const out = new Map<string, string>();
  for (const d of dashboards) {
    // Validated above: emit without validating again, and print the JSON once for every file.
    const json: DashboardJson = emitDashboard(d.model);
    const text = dashboardJsonText(json);
    out.set(`${d.uid}.json`, text);
    if (options.configMap)
      out.set(`${d.uid}.configmap.yaml`, configMapText(json, text, options.configMap));
    if (options.grafanaDashboard)
      out.set(
        `${d.uid}.grafanadashboard.yaml`,
        grafanaDashboardText(json, text, options.grafanaDashboard),
      );
  }
  return out;
}
