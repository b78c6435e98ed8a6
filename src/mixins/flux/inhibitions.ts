/**
 * Alertmanager inhibitions of the Flux mixin. FluxMetricsAbsent (no object state from any source, in
 * a cluster) mutes the alerts that read object state there. FluxControllerMetricsAbsent mutes
 * nothing: it names one reconciler, and the only alert reading the controllers' histogram
 * (FluxReconcileSlow, per kind) has nothing to say about the missing one's kind, while the others'
 * kinds must stay heard.
 */
import type { Inhibition } from "../../rules/inhibit.js";
import { absenceInhibits } from "../common/inhibitions.js";
import type { FluxConfig } from "./config.js";
import type { FluxRules } from "./rules.js";

export function fluxInhibitions(config: FluxConfig, rules: FluxRules): Inhibition[] {
  const a = rules.alerts;
  return absenceInhibits(config, a.metricsAbsent, [
    a.helmReleaseNotReady,
    a.kustomizationNotReady,
    a.sourceNotReady,
    a.imageAutomationNotReady,
    a.receiverNotReady,
    a.instanceNotReady,
    a.resourceReadyUnknown,
    a.resourceSuspended,
    // Every reconciled kind lacks its series when the whole source is gone.
    a.kindMetricsAbsent,
  ]);
}
