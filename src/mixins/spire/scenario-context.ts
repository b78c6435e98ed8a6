/** What the SPIRE scenario modules share: the config, the rules and the labels of the targets. */
import { exactLabels as exactSelectorLabels } from "../common/scenario-labels.js";
import type { SpireConfig } from "./config.js";
import type { SpireRules } from "./rules.js";

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
