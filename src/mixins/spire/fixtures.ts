/** Series for the SPIRE dashboard panels no alert reads: the sync latency summary. */
import { steady } from "../../testing/notation.js";
import { series, type InputSeries } from "../../testing/scenario.js";
import { fixtureSamples } from "../common/fixtures.js";
import { exactLabels } from "../common/scenario-labels.js";
import { agentSyncEntriesTime } from "./catalog.js";
import type { SpireConfig } from "./config.js";

export function spireDashboardFixtures(config: SpireConfig): InputSeries[] {
  const target = {
    ...exactLabels("spire", config.agentSelector, "agentSelector"),
    host: "spire-agent-a",
    pod: "spire-agent-a",
  };
  return [
    ["0.5", 8],
    ["0.9", 15],
    ["0.99", 40],
  ].map(([quantile, ms]) =>
    series(
      agentSyncEntriesTime.quantiles(),
      { ...target, quantile: String(quantile), status: "OK" },
      steady(Number(ms), fixtureSamples),
    ),
  );
}
