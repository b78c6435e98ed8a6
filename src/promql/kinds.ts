/**
 * What the type system tracks about a PromQL value. Label sets are unions of label-name literals;
 * sample kinds say whether a series is a counter (may be `rate`d), a gauge, or an info metric.
 */

/** How a metric is exposed by its component. */
export type MetricKind = "counter" | "gauge" | "histogram" | "summary" | "info";

/**
 * The kind of the samples in a vector. Histogram buckets, `_sum` and `_count` are counters; a
 * summary's quantiles are gauges. Anything computed (rate, arithmetic, aggregation) is a gauge.
 */
export type SampleKind = "counter" | "gauge" | "info";
