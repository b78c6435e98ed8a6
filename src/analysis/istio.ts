/**
 * Ready MetricTemplates over Istio's standard metrics, the ones Flagger's own Istio dashboard charts
 * (charts/grafana/dashboards/istio.json): `istio_requests_total` and
 * `istio_request_duration_milliseconds_bucket`, from the destination proxy, for the canary workload.
 */
import { histogramQuantile, rate } from "../promql/functions.js";
import { sum } from "../promql/aggregations.js";
import { counter, histogram, nre } from "../promql/selector.js";
import {
  metricTemplate,
  type PrometheusMetricTemplate,
  type PrometheusProvider,
} from "./metric-template.js";

/** Requests as the Istio proxies count them (a counter; the name already ends in `_total`). */
export const istioRequests = counter("istio_requests_total", [
  "reporter",
  "destination_workload",
  "destination_workload_namespace",
  "response_code",
]);

/** Request durations in milliseconds, as a histogram. */
export const istioRequestDuration = histogram("istio_request_duration_milliseconds", [
  "reporter",
  "destination_workload",
  "destination_workload_namespace",
  "response_code",
]);

export interface IstioTemplateOptions {
  /** Namespace of the MetricTemplate (Canaries elsewhere reference it with templateRef.namespace). */
  readonly namespace: string;
  readonly provider: PrometheusProvider;
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Percentage (0-100) of the canary's requests over `{{ interval }}` that did not answer 5xx. */
export function istioSuccessRateTemplate(
  options: IstioTemplateOptions,
): PrometheusMetricTemplate<never> {
  return metricTemplate(options.name ?? "istio-success-rate", {
    namespace: options.namespace,
    provider: options.provider,
    ...(options.labels ? { labels: options.labels } : {}),
    query: (t) => {
      const canary = istioRequests.where({
        reporter: "destination",
        destination_workload_namespace: t.namespace,
        destination_workload: t.target,
      });
      return sum(rate(canary.where({ response_code: nre("5..") }).range(t.interval)))
        .div(sum(rate(canary.range(t.interval))))
        .mul(100);
    },
  });
}

/** The canary's 99th percentile request duration over `{{ interval }}`, in milliseconds. */
export function istioLatencyP99Template(
  options: IstioTemplateOptions,
): PrometheusMetricTemplate<never> {
  return metricTemplate(options.name ?? "istio-latency-p99", {
    namespace: options.namespace,
    provider: options.provider,
    ...(options.labels ? { labels: options.labels } : {}),
    query: (t) =>
      histogramQuantile(
        0.99,
        sum(
          rate(
            istioRequestDuration
              .bucket()
              .where({
                reporter: "destination",
                destination_workload_namespace: t.namespace,
                destination_workload: t.target,
              })
              .range(t.interval),
          ),
        ).by("le"),
      ),
  });
}
