/**
 * Type tests for rules, scenarios and the catalog: checked by `tsc`; test/type-tests.test.ts proves
 * each annotated line fails with the compiler message in the `// error:` comment above it.
 */
import { alert, expectAlert, max, rate, record, sum, increase } from "../../src/index.js";
import { esCondition, esSyncErrors, notReady } from "../fixtures/sample-rules.js";

const expr = max(esCondition.where({ condition: "Ready", status: "False" }))
  .by("exported_namespace", "name")
  .eq(1);
const recorded = record(
  "exported_namespace_name:externalsecret_sync_calls_error:increase15m",
  sum(increase(esSyncErrors.range("15m"))).by("exported_namespace", "name"),
);

export const ok = [
  alert("ExternalSecretNotReady", {
    expr,
    severity: "warning",
    summary: "An ExternalSecret is not ready.",
    description: (t) =>
      `${t.labels.exported_namespace}/${t.labels.name} is not ready (${t.value}).`,
  }),
  expectAlert(notReady, "11m", { exported_namespace: "app", name: "db" }),
  recorded.series().gt(0),
  esSyncErrors.where({
    exported_namespace: "app",
    job: "external-secrets-metrics",
    cluster: "eu-1",
  }),
];

// template-dropped-label: a description naming a label `max by` dropped.
alert("ExternalSecretNotReady", {
  expr,
  severity: "warning",
  summary: "An ExternalSecret is not ready.",
  // error: Property 'condition' does not exist on type '{ readonly
  // @ts-expect-error the expression keeps only exported_namespace and name
  description: (t) => `${t.labels.condition} is not ready.`,
});

// unknown-severity: a severity outside critical, warning, info.
alert("ExternalSecretNotReady", {
  expr,
  // error: Type '"page"' is not assignable to type 'Severity'
  // @ts-expect-error severities are critical, warning and info
  severity: "page",
  summary: "An ExternalSecret is not ready.",
  description: "x",
});

// bad-for: a `for` that is not a duration.
alert("ExternalSecretNotReady", {
  expr,
  severity: "warning",
  // error: Type '"10 minutes"' is not assignable to type 'DurationLiteral
  // @ts-expect-error not a duration
  for: "10 minutes",
  summary: "An ExternalSecret is not ready.",
  description: "x",
});

// expected-alert-labels: a misspelt label in an expected alert.
// error: Object literal may only specify known properties, and 'namespace' does not exist in type
// @ts-expect-error the alert's labels are exported_namespace and name
expectAlert(notReady, "11m", { namespace: "app", name: "db" });

// rate-of-recorded-sum: rate() over a recording rule's output, which is a gauge (pint's rate-of-sum chain).
// error: Type '"gauge"' is not assignable to type '"counter"'
// @ts-expect-error a recorded sum is not a counter any more
rate(recorded.series().range("5m"));

// catalog-label: a label the catalog metric does not have once scraped.
// error: 'provider' does not exist in type 'Matchers<
// @ts-expect-error externalsecret_status_condition has no provider label
esCondition.where({ provider: "aws" });

// catalog-object-namespace: the object namespace arrives as exported_namespace; name rules hold for by().
// error: Argument of type '"object_namespace"' is not assignable to parameter of type
// @ts-expect-error there is no label called object_namespace
sum(esSyncErrors).by("object_namespace");
