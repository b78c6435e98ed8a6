/**
 * "Metrics absent" alerts that hold in a multi-cluster Prometheus (Thanos, Mimir, a remote-write
 * receiver). `absent()` sees every cluster's series, so one cluster losing its component changes
 * nothing. With a cluster label, presence is judged per cluster: a cluster whose source reported
 * within `lookback` and has no healthy series now. A source that matched nothing during the whole
 * lookback (a wrong selector, a component never installed) is reported as well, without a cluster.
 */
import { clusterLabel } from "../../catalog/define.js";
import { groupAggregate } from "../../promql/aggregations.js";
import type { DurationLiteral } from "../../promql/duration.js";
import type { InstantVector } from "../../promql/expr.js";
import { absent, absentOverTime, presentOverTime } from "../../promql/functions.js";
import type { SampleKind } from "../../promql/kinds.js";
import type { Selector } from "../../promql/selector.js";
import { about, alertSettings, durationSchema } from "./config.js";
import type { LabelConfig } from "./labels.js";

/** The settings of a "metrics absent" alert: `for`, severity and how long a source is remembered. */
export const presenceSettings = (forDefault: DurationLiteral) => ({
  ...alertSettings(forDefault, "critical"),
  lookback: durationSchema
    .default("1d")
    .meta(
      about(
        "With `clusterLabel`: how long a cluster whose source vanished keeps this alert firing. A cluster that has reported nothing for longer counts as decommissioned, and the alert resolves; raise it to cover a weekend.",
      ),
    ),
});

export interface PresenceQuery<L extends string> {
  /** The source whatever its health (`up{...}`): what "reported within the lookback" reads. */
  readonly seen: Selector<L, SampleKind>;
  /** The series a healthy source has now (`up{...} == 1`, or a series only a running component exposes). */
  readonly healthy: InstantVector<L>;
  /** Labels to judge presence by besides the cluster (a controller, a kind). */
  readonly per?: readonly L[];
  readonly lookback: DurationLiteral;
}

/**
 * The condition of a "metrics absent" alert. Without a cluster label and `per`, `absent(healthy)`:
 * one Prometheus, one cluster. Otherwise every group (cluster and `per` labels) seen within the
 * lookback with no healthy series now, or no series at all during the lookback.
 */
export function presenceLost<L extends string>(
  config: LabelConfig,
  query: PresenceQuery<L>,
): InstantVector<never, "gauge"> {
  const by = [...(config.clusterLabel ? [clusterLabel as L] : []), ...(query.per ?? [])];
  if (by.length === 0) return absent(query.healthy);
  const lost = groupAggregate(presentOverTime(query.seen.range(query.lookback)))
    .by(...by)
    .unless(groupAggregate(query.healthy).by(...by))
    .on(...by);
  // Which labels a result has depends on the branch; none is sure, so none is typed.
  return lost.or(absentOverTime(query.seen.range(query.lookback))) as InstantVector<never, "gauge">;
}
