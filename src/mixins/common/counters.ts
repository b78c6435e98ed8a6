/**
 * "Did this counter count anything recently?", right also for series that are born counting: a
 * Prometheus client or OpenTelemetry counter with labels appears only at its first increment, already
 * at 1, and `increase()` sees no increase in a series whose first sample is 1.
 */
import { sum } from "../../promql/aggregations.js";
import type { DurationLiteral } from "../../promql/duration.js";
import type { InstantVector } from "../../promql/expr.js";
import { increase } from "../../promql/functions.js";
import type { SampleKind } from "../../promql/kinds.js";
import type { Selector } from "../../promql/selector.js";

export function countedWithin<L extends string, const G extends L>(
  counter: Selector<L, "counter">,
  window: DurationLiteral,
  by: readonly G[],
  /**
   * A series of the same target that was already scraped a window ago: without it, counters of a
   * target scraped for the first time (a new ServiceMonitor) would all look newly born.
   */
  scrapedBefore?: Selector<string, SampleKind>,
  /**
   * Labels the two must share: the cluster label (a target scraped in another cluster is no proof)
   * and `job` (another job's target scraped a window ago says nothing of a new ServiceMonitor's).
   */
  matchOn: readonly L[] = [],
): InstantVector<G> {
  const increased = sum(increase(counter.range(window)))
    .by(...by)
    .gt(0);
  const newSeries = counter.unless(counter.offset(window));
  const born = sum(
    scrapedBefore
      ? newSeries.and(scrapedBefore.offset(window)).on(...(matchOn as never[]))
      : newSeries,
  )
    .by(...by)
    .gt(0);
  return increased.or(born) as InstantVector<G>;
}
