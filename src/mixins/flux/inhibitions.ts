/**
 * Alertmanager inhibitions of the Flux mixin. Flux has two sources that can go missing apart:
 * object state (kube-state-metrics, flux-operator or the legacy gauge) and the controllers' own
 * metrics. Each "metrics absent" alert mutes the alerts that read its source in the same cluster;
 * neither mutes the other, nor the alerts of the source that still reports (controllers gone are
 * exactly when objects stop being ready).
 */
import type { Inhibition } from "../../rules/inhibit.js";
import { absenceInhibits } from "../common/inhibitions.js";
import type { FluxConfig } from "./config.js";
import type { FluxRules } from "./rules.js";

export function fluxInhibitions(config: FluxConfig, rules: FluxRules): Inhibition[] {
  const a = rules.alerts;
  return [
    ...absenceInhibits(config, a.metricsAbsent, [
      a.helmReleaseNotReady,
      a.kustomizationNotReady,
      a.sourceNotReady,
      a.resourceSuspended,
    ]),
    ...absenceInhibits(config, a.controllerMetricsAbsent, [a.reconcileSlow]),
  ];
}
