/** What the SPIRE scenario modules share: the config, the rules and the labels of the targets. */
import { exactLabels as exactSelectorLabels } from "../common/scenario-labels.js";
import { steady, type Segment } from "../../testing/notation.js";
import { series, type InputSeries } from "../../testing/scenario.js";
import { agentStarted, agentSyncEntries } from "./catalog.js";
import type { SpireConfig } from "./config.js";
import type { SpireRules } from "./rules.js";

/** About one sync every 5 s: 12 a minute. */
export const syncsPerMinute = 12;

export interface SpireScenarioContext {
  readonly config: SpireConfig;
  readonly rules: SpireRules;
  /** `{ cluster: "prod" }` with a cluster label, else nothing. */
  readonly cluster: Record<string, string>;
  readonly serverTarget: (host: string, cluster?: Record<string, string>) => Record<string, string>;
  readonly agentTarget: (host: string, cluster?: Record<string, string>) => Record<string, string>;
  /** The release the servers run: the one the config names, without its `v`. */
  readonly serverVersion: string;
  readonly trustDomain: string;
}

export function spireScenarioContext(config: SpireConfig, rules: SpireRules): SpireScenarioContext {
  const cluster: Record<string, string> = config.clusterLabel ? { cluster: "prod" } : {};
  const target =
    (selector: SpireConfig["agentSelector"], path: string) =>
    (host: string, clusterLabels: Record<string, string> = cluster) => ({
      namespace: "spire-system",
      ...exactSelectorLabels("spire", selector, path),
      ...clusterLabels,
      pod: host,
      host,
    });
  return {
    config,
    rules,
    cluster,
    serverTarget: target(config.serverSelector, "serverSelector"),
    agentTarget: target(config.agentSelector, "agentSelector"),
    serverVersion: config.version.replace(/^v/, ""),
    trustDomain: "example.org",
  };
}

/**
 * An agent: its started gauge and its sync counters by status, over `length` minutes. `labels`
 * change its target's (another pod on the same host, another cluster).
 */
export function agentSeries(
  ctx: SpireScenarioContext,
  host: string,
  length: number,
  sync: { ok: Segment[]; failed?: Segment[]; started?: Segment[] },
  labels: Record<string, string> = {},
): InputSeries[] {
  const target = { ...ctx.agentTarget(host), ...labels };
  return [
    series(
      agentStarted,
      { ...target, version: ctx.serverVersion, trust_domain_id: ctx.trustDomain },
      ...(sync.started ?? [steady(1, length)]),
    ),
    series(agentSyncEntries, { ...target, status: "OK" }, ...sync.ok),
    ...(sync.failed
      ? [series(agentSyncEntries, { ...target, status: "Unavailable" }, ...sync.failed)]
      : []),
  ];
}

/**
 * Whole numbers `part / whole` (whole up to 100) whose quotient is `share` in floating point, or
 * undefined. Counters rising 15 × part and 15 × (whole - part) a minute have rates of part / 4
 * and (whole - part) / 4 over whole minutes, sums and quotients exact: a ratio of them sits
 * exactly at the threshold, where `<` and `<=` part.
 */
export function exactShare(share: number): { part: number; whole: number } | undefined {
  for (let whole = 2; whole <= 100; whole++) {
    const part = Math.round(share * whole);
    if (part > 0 && part < whole && part / whole === share) return { part, whole };
  }
  return undefined;
}

/** Calls a minute per unit of an exact share (see exactShare). */
export const exactStep = 15;
