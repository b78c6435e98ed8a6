/**
 * Type tests for analysis as code: checked by `tsc`; test/type-tests.test.ts proves each annotated
 * line fails with the compiler message in the `// error:` comment above it.
 */
import {
  analysisValueTemplate,
  canaryMetric,
  counter,
  keptnAnalysisQuery,
  keptnMetric,
  metricTemplate,
  prometheusProvider,
  rate,
  sum,
  type AnalysisDefinitionResource,
  type CanaryMetricEntry,
  type MetricTemplateResource,
} from "../../src/index.js";
import { canarySlo, successRate } from "../fixtures/analysis-examples.js";

const requests = counter("http_requests_total", ["namespace", "deployment", "direction"]);
const provider = prometheusProvider("http://prometheus.monitoring:9090");

const directional = metricTemplate("directional", {
  namespace: "flagger",
  provider,
  variables: ["direction"],
  query: (t) =>
    sum(
      rate(
        requests
          .where({ namespace: t.namespace, deployment: t.target, direction: t.variables.direction })
          .range(t.interval),
      ),
    ),
});

export const ok = [
  canaryMetric(directional, {
    interval: "1m",
    thresholdRange: { min: 1 },
    templateVariables: { direction: "inbound" },
  }),
  canaryMetric(successRate, { interval: "30s", thresholdRange: { max: 5 } }),
  keptnAnalysisQuery(canarySlo, { timeframe: "5m", args: { namespace: "test", workload: "x" } }),
];

// misspelt-variable: a templateVariables key the template did not declare.
metricTemplate("typo", {
  namespace: "flagger",
  provider,
  variables: ["direction"],
  // error: Property 'directon' does not exist on type
  // @ts-expect-error the template declares "direction"
  query: (t) => sum(requests.where({ direction: t.variables.directon })),
});

// missing-template-variables: the Canary metric must give every declared variable.
// error: Property 'templateVariables' is missing in type
// @ts-expect-error directional needs templateVariables.direction
canaryMetric(directional, { interval: "1m", thresholdRange: { min: 1 } });

// interval-hours: Flagger's CRD wants seconds or minutes first.
canaryMetric(successRate, {
  // error: Type '"1h"' is not assignable to type 'CanaryInterval'
  // @ts-expect-error ^[0-9]+(m|s)
  interval: "1h",
  thresholdRange: { min: 99 },
});

// empty-threshold: a range needs min or max.
canaryMetric(successRate, {
  interval: "1m",
  // error: is not assignable to type 'ThresholdRange'
  // @ts-expect-error neither bound
  thresholdRange: {},
});

// keptn-args: an Analysis query must give every argument the definition's templates use.
keptnAnalysisQuery(canarySlo, {
  timeframe: "5m",
  // error: Property 'workload' is missing in type
  // @ts-expect-error the templates use {{.workload}} too
  args: { namespace: "test" },
});

// keptn-arg-typo: an AnalysisValueTemplate query may only use declared arguments.
analysisValueTemplate("typo", {
  namespace: "test",
  provider: "prometheus",
  args: ["workload"],
  // error: Property 'wrkload' does not exist on type 'KeptnArgs<"workload">'
  // @ts-expect-error declared: workload
  query: (a) => sum(requests.where({ deployment: a.wrkload })),
});

// go-duration: Keptn reads range.interval with Go's time.ParseDuration (no days).
keptnMetric("cpu", {
  namespace: "test",
  provider: "prometheus",
  fetchIntervalSeconds: 10,
  query: sum(requests),
  // error: Type '"1d"' is not assignable to type 'GoDuration | undefined'
  // @ts-expect-error Go has no day unit
  range: { interval: "1d" },
});

// crd-field-typo: the resource types hold only confirmed field names.
export const badTemplate: MetricTemplateResource = {
  apiVersion: "flagger.app/v1beta1",
  kind: "MetricTemplate",
  metadata: { name: "x", namespace: "y" },
  spec: {
    provider: { type: "prometheus", address: "http://p:9090" },
    query: "up",
    // error: 'querry' does not exist in type
    // @ts-expect-error not a MetricTemplate field
    querry: "up",
  },
};

// crd-provider: only the providers this module emits.
export const badProvider: MetricTemplateResource = {
  apiVersion: "flagger.app/v1beta1",
  kind: "MetricTemplate",
  metadata: { name: "x", namespace: "y" },
  // error: Type '"datadog"' is not assignable to type '"prometheus" | "keptn"'
  // @ts-expect-error not emitted here
  spec: { provider: { type: "datadog" }, query: "up" },
};

// crd-canary-metric: templateRef, not templateReference.
export const badEntry: CanaryMetricEntry = {
  name: "x",
  templateRef: { name: "t", namespace: "n" },
  thresholdRange: { min: 1 },
  interval: "1m",
  // error: 'templateReference' does not exist in type 'CanaryMetricEntry'
  // @ts-expect-error misspelt
  templateReference: { name: "t" },
};

// crd-operator: one operator per target, with its own value shape.
export const badDefinition: AnalysisDefinitionResource = {
  apiVersion: "metrics.keptn.sh/v1beta1",
  kind: "AnalysisDefinition",
  metadata: { name: "x", namespace: "y" },
  spec: {
    objectives: [
      {
        analysisValueTemplateRef: { name: "t" },
        // error: 'lowerThan' does not exist in type
        // @ts-expect-error Keptn's operator is lessThan
        target: { failure: { lowerThan: { fixedValue: 1 } } },
      },
    ],
    totalScore: { passPercentage: 90, warningPercentage: 50 },
  },
};
