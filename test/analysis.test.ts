/**
 * Analysis as code: the emitted MetricTemplates, Canary metrics and Keptn resources (shape and
 * confirmed field names), Flagger's template variables through printing and rendering, the Keptn
 * provider query strings, and the errors that name where and what is wrong.
 */
import { parseAllDocuments, parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  AnalysisError,
  analysisArtifacts,
  analysisDefinition,
  analysisManifests,
  analysisResource,
  analysisValueTemplate,
  canaryMetric,
  canaryMetricEntry,
  canaryMetricsYaml,
  counter,
  duration,
  equalTo,
  findSyntaxProblem,
  flaggerFunctions,
  flaggerKeptnClusterRole,
  flaggerKeptnRole,
  flaggerVariables,
  avgOverTime,
  gauge,
  greaterThan,
  inRange,
  keptnAnalysisQuery,
  keptnMetric,
  keptnMetricQuery,
  keptnMetricTemplate,
  lessThan,
  metricTemplate,
  metricTemplateResource,
  notInRange,
  objective,
  parseKeptnQuery,
  parsePromQL,
  print,
  printKeptnQuery,
  prometheusProvider,
  rate,
  raw,
  re,
  renderFlaggerQuery,
  sum,
  toQuantity,
  unconfirmedFields,
  type AnalysisObject,
} from "../src/index.js";
import {
  canaryMetrics,
  canarySlo,
  errorRate,
  keptnAnalysisTemplate,
  keptnRole,
  keptnSuccessTemplate,
  latencyP99,
  objects,
  podinfoSuccess,
  provider,
  successRate,
  successRateMetric,
} from "./fixtures/analysis-examples.js";

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  throw new Error("expected an error, got none");
}

const requests = counter("http_requests_total", ["namespace", "deployment", "code", "direction"]);

describe("MetricTemplate (Prometheus provider)", () => {
  const resource = analysisResource(successRate);

  it("emits flagger.app/v1beta1 with the provider and the query", () => {
    expect(parse(analysisManifests([successRate]))).toEqual({
      apiVersion: "flagger.app/v1beta1",
      kind: "MetricTemplate",
      metadata: { name: "istio-success-rate", namespace: "istio-system" },
      spec: {
        provider: { type: "prometheus", address: "http://prometheus.monitoring:9090" },
        query:
          'sum(rate(istio_requests_total{destination_workload="{{ target }}", destination_workload_namespace="{{ namespace }}", reporter="destination", response_code!~"5.."}[{{ interval }}])) / sum(rate(istio_requests_total{destination_workload="{{ target }}", destination_workload_namespace="{{ namespace }}", reporter="destination"}[{{ interval }}])) * 100',
      },
    });
    expect(resource).toEqual(parse(analysisManifests([successRate])));
  });

  it("keeps Flagger's placeholders verbatim: matcher values and the range", () => {
    const query = successRate.query;
    expect(query).toContain('destination_workload_namespace="{{ namespace }}"');
    expect(query).toContain('destination_workload="{{ target }}"');
    expect(query).toContain("[{{ interval }}]");
    // The text still parses as PromQL, placeholders included, and reprints the same.
    expect(findSyntaxProblem(query)).toBeUndefined();
    expect(print(parsePromQL(query))).toBe(query);
  });

  it("renders like Flagger's own RenderQuery tests (render_test.go)", () => {
    const envoy = gauge("envoy_cluster_upstream_rq", ["envoy_cluster_name"]);
    const t = metricTemplate("envoy-rq", {
      namespace: "flagger",
      provider,
      query: (v) => sum(envoy.where({ envoy_cluster_name: re(`${v.namespace}_${v.target}`) })),
    });
    expect(t.query).toBe(
      'sum(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}_{{ target }}"})',
    );
    const model = {
      name: "standard",
      namespace: "default",
      target: "myapp",
      service: "myapp",
      ingress: "myapp",
      interval: "1m",
      variables: {},
    };
    expect(renderFlaggerQuery(t.query, model, "test")).toBe(
      'sum(envoy_cluster_upstream_rq{envoy_cluster_name=~"default_myapp"})',
    );

    const offsets = gauge("kafka_consumer_current_offset", ["cluster", "consumer_group"]);
    const kafka = metricTemplate("kafka-offset", {
      namespace: "flagger",
      provider,
      variables: ["cluster", "consumer_group"],
      query: (v) =>
        // render_test.go sums the range vector itself, which Prometheus refuses; averaged here.
        sum(
          avgOverTime(
            offsets
              .where({ cluster: v.variables.cluster, consumer_group: v.variables.consumer_group })
              .range(v.interval),
          ),
        ),
    });
    expect(kafka.variables).toEqual(["cluster", "consumer_group"]);
    expect(kafka.query).toContain('cluster="{{ variables.cluster }}"');
    expect(
      renderFlaggerQuery(
        kafka.query,
        { ...model, variables: { cluster: "dev", consumer_group: "my_consumer" } },
        "test",
      ),
    ).toContain('{cluster="dev", consumer_group="my_consumer"}[1m]');
    // Flagger fails to render a variable the metric does not give (render_test.go missing_variable_key).
    expect(
      messageOf(() => renderFlaggerQuery(kafka.query, model, "Canary metric kafka")),
    ).toContain("Canary metric kafka: no value for the template action {{ variables.cluster }}");
  });

  it("offers exactly Flagger's template functions", () => {
    expect([...flaggerFunctions]).toEqual([
      "name",
      "namespace",
      "target",
      "service",
      "ingress",
      "interval",
    ]);
    const v = flaggerVariables(["direction"]);
    expect(v).toEqual({
      name: "{{ name }}",
      namespace: "{{ namespace }}",
      target: "{{ target }}",
      service: "{{ service }}",
      ingress: "{{ ingress }}",
      interval: "{{ interval }}",
      variables: { direction: "{{ variables.direction }}" },
    });
  });

  it("refuses template actions Flagger does not know, undeclared and unused variables", () => {
    const base = { namespace: "flagger", provider } as const;
    expect(
      messageOf(() =>
        metricTemplate("bad", { ...base, query: () => raw('up{job="{{ canary }}"}') }),
      ),
    ).toContain(
      'AnalysisError: MetricTemplate "bad", field "spec.query": {{ canary }} is not a Flagger template variable; use {{ name }}, {{ namespace }}',
    );
    expect(
      messageOf(() =>
        metricTemplate("bad", { ...base, query: () => raw('up{job="{{ variables.job }}"}') }),
      ),
    ).toContain('{{ variables.job }} is not declared; add "job" to variables (declared: none)');
    expect(
      messageOf(() =>
        metricTemplate("bad", {
          ...base,
          variables: ["direction", "job"],
          query: (v) => sum(requests.where({ direction: v.variables.direction })),
        }),
      ),
    ).toContain('MetricTemplate "bad", variables: "job" is declared but the query never uses it');
    expect(
      messageOf(() =>
        metricTemplate("bad", { ...base, variables: ["my-var" as "x"], query: () => raw("up") }),
      ),
    ).toContain(
      'template variable "my-var" cannot be written {{ variables.my-var }} in a Go template',
    );
  });

  it("refuses whitespace Flagger would collapse, and an unclosed action", () => {
    expect(
      messageOf(() =>
        metricTemplate("spaces", {
          namespace: "flagger",
          provider,
          query: () => sum(requests.where({ deployment: "a  b" })),
        }),
      ),
    ).toContain(
      'MetricTemplate "spaces", field "spec.query": Flagger collapses every run of whitespace to one space before sending the query, which changes it here',
    );
    // Whitespace between tokens is harmless: a multi-line raw query is fine.
    const multiLine = metricTemplate("multi-line", {
      namespace: "flagger",
      provider,
      query: () => raw('sum(\n  rate(up{job="{{ target }}"}[{{ interval }}])\n)'),
    });
    expect(multiLine.query).toContain("\n");
    expect(
      messageOf(() =>
        metricTemplate("open", {
          namespace: "flagger",
          provider,
          query: () => sum(requests.where({ deployment: "{{ target" })),
        }),
      ),
    ).toContain('"{{" at offset 36 is never closed with "}}"');
  });

  it("checks names, the provider address and the secret", () => {
    expect(messageOf(() => prometheusProvider("prometheus:9090"))).toContain(
      'prometheusProvider("prometheus:9090"): expected an http or https URL',
    );
    expect(messageOf(() => prometheusProvider("not a url"))).toContain("not a URL");
    expect(
      messageOf(() =>
        metricTemplate("Success_Rate", { namespace: "x", provider, query: () => raw("up") }),
      ),
    ).toContain(
      'MetricTemplate "Success_Rate", field "metadata.name": "Success_Rate" is not a Kubernetes object name',
    );
    const secret = prometheusProvider("https://prom.example.com", {
      secretRef: "prom-auth",
      insecureSkipVerify: true,
    });
    const t = metricTemplate("up", {
      namespace: "flagger",
      provider: secret,
      query: () => sum(raw("up")),
    });
    expect(analysisResource(t)).toMatchObject({
      spec: {
        provider: {
          type: "prometheus",
          address: "https://prom.example.com",
          secretRef: { name: "prom-auth" },
          insecureSkipVerify: true,
        },
      },
    });
  });
});

describe("Canary analysis metrics", () => {
  it("reference the template with its threshold and interval", () => {
    expect(canaryMetricEntry(successRateMetric)).toEqual({
      name: "istio-success-rate",
      templateRef: { name: "istio-success-rate", namespace: "istio-system" },
      thresholdRange: { min: 99 },
      interval: "1m",
    });
    expect(
      parse(canaryMetricsYaml(canaryMetrics)).analysis.metrics.map((m: { name: string }) => m.name),
    ).toEqual([
      "istio-success-rate",
      "istio-latency-p99",
      "keptn-success-rate",
      "keptn-canary-slo",
    ]);
  });

  it("carry the templateVariables the template needs, and only those", () => {
    const t = metricTemplate("linkerd-latency", {
      namespace: "flagger",
      provider,
      variables: ["direction"],
      query: (v) =>
        sum(
          rate(
            requests
              .where({
                namespace: v.namespace,
                deployment: re(v.target),
                direction: v.variables.direction,
              })
              .range(v.interval),
          ),
        ),
    });
    const m = canaryMetric(t, {
      interval: "1m",
      thresholdRange: { min: 10, max: 1000 },
      templateVariables: { direction: "inbound" },
    });
    expect(canaryMetricEntry(m)).toEqual({
      name: "linkerd-latency",
      templateRef: { name: "linkerd-latency", namespace: "flagger" },
      thresholdRange: { min: 10, max: 1000 },
      interval: "1m",
      templateVariables: { direction: "inbound" },
    });
    expect(
      messageOf(() => canaryMetric(t, { interval: "1m", thresholdRange: { min: 1 } } as never)),
    ).toContain(
      'Canary metric "linkerd-latency", field "templateVariables": no value for "direction"; Flagger fails to render',
    );
    expect(
      messageOf(() =>
        canaryMetric(t, {
          interval: "1m",
          thresholdRange: { min: 1 },
          templateVariables: { direction: "in", dir: "x" } as never,
        }),
      ),
    ).toContain(
      'field "templateVariables.dir": the template linkerd-latency does not use {{ variables.dir }}',
    );
    // A value that breaks the rendered PromQL is caught here, not in the cluster.
    expect(
      messageOf(() =>
        canaryMetric(t, {
          interval: "1m",
          thresholdRange: { min: 1 },
          templateVariables: { direction: 'in"bound' },
        }),
      ),
    ).toContain(
      "the query as Flagger renders it with these templateVariables: PromQL syntax error",
    );
  });

  it("refuse Flagger's builtin names, intervals its CRD refuses, and empty ranges", () => {
    expect(
      messageOf(() =>
        canaryMetric(successRate, {
          name: "request-success-rate",
          interval: "1m",
          thresholdRange: { min: 99 },
        }),
      ),
    ).toContain(
      'Canary metric "request-success-rate", field "name": Flagger runs a metric named "request-success-rate" as its builtin check and ignores the templateRef',
    );
    expect(
      messageOf(() =>
        canaryMetric(successRate, { interval: "1h" as "1m", thresholdRange: { min: 99 } }),
      ),
    ).toContain('field "interval": "1h" does not match Flagger\'s interval pattern ^[0-9]+(m|s)');
    expect(
      messageOf(() =>
        canaryMetric(successRate, { interval: "1m", thresholdRange: {} as { min: 1 } }),
      ),
    ).toContain('field "thresholdRange": give min, max or both');
    expect(
      messageOf(() =>
        canaryMetric(successRate, { interval: "1m", thresholdRange: { min: 99, max: 90 } }),
      ),
    ).toContain("min (99) is above max (90): no value could pass");
    expect(
      messageOf(() =>
        canaryMetric(keptnAnalysisTemplate, { interval: "1m", thresholdRange: { max: 1 } }),
      ),
    ).toContain(
      "a Keptn analysis query returns 1 (passed) or 0 (failed): the range must let 1 pass and 0 fail",
    );
  });
});

describe("Keptn resources", () => {
  it("KeptnMetric: provider, query, fetch interval and range", () => {
    expect(analysisResource(podinfoSuccess)).toEqual({
      apiVersion: "metrics.keptn.sh/v1beta1",
      kind: "KeptnMetric",
      metadata: { name: "podinfo-success-rate", namespace: "test" },
      spec: {
        provider: { name: "prometheus" },
        query: podinfoSuccess.query,
        fetchIntervalSeconds: 10,
      },
    });
    const ranged = keptnMetric("cpu", {
      namespace: "test",
      provider: "prometheus",
      fetchIntervalSeconds: 30,
      query: sum(raw("rate(container_cpu_usage_seconds_total[1m])")),
      range: { interval: "5m", step: "1m", aggregation: "p95", storedResults: 10 },
    });
    expect(analysisResource(ranged)).toMatchObject({
      spec: { range: { interval: "5m", step: "1m", aggregation: "p95", storedResults: 10 } },
    });
    expect(
      messageOf(() =>
        keptnMetric("cpu", {
          namespace: "test",
          provider: "p",
          fetchIntervalSeconds: 0,
          query: raw("up"),
        }),
      ),
    ).toContain(
      'KeptnMetric "cpu", field "spec.fetchIntervalSeconds": must be a whole number of seconds >= 1',
    );
    expect(
      messageOf(() =>
        keptnMetric("cpu", {
          namespace: "test",
          provider: "p",
          fetchIntervalSeconds: 10,
          query: raw("up"),
          range: { interval: "1d" as "1h" },
        }),
      ),
    ).toContain('field "spec.range.interval": "1d" is not a positive Go duration');
    expect(
      messageOf(() =>
        keptnMetric("cpu", {
          namespace: "test",
          provider: "p",
          fetchIntervalSeconds: 10,
          query: raw('up{job="{{.workload}}"}'),
        }),
      ),
    ).toContain("Keptn sends a KeptnMetric query as it is, without filling in template actions");
  });

  it("AnalysisValueTemplate: Go-template arguments in the query", () => {
    expect(analysisResource(errorRate)).toEqual({
      apiVersion: "metrics.keptn.sh/v1beta1",
      kind: "AnalysisValueTemplate",
      metadata: { name: "istio-error-rate", namespace: "test" },
      spec: { provider: { name: "prometheus" }, query: errorRate.query },
    });
    expect(errorRate.args).toEqual(["namespace", "workload"]);
    expect(errorRate.query).toContain('destination_workload="{{.workload}}"');
    expect(errorRate.query).toContain('destination_workload_namespace="{{.namespace}}"');
    expect(
      messageOf(() =>
        analysisValueTemplate("x", {
          namespace: "test",
          provider: "p",
          query: () => raw('up{a="{{ target }}"}'),
        }),
      ),
    ).toContain(
      "{{ target }} is not an Analysis argument; Keptn fills in {{.<arg>}} from the Analysis' spec.args",
    );
    expect(
      messageOf(() =>
        analysisValueTemplate("x", {
          namespace: "test",
          provider: { name: "p", namespace: "keptn" },
          args: ["workload", "stage"],
          query: (a) => sum(requests.where({ deployment: a.workload })),
        }),
      ),
    ).toContain(
      'AnalysisValueTemplate "x", argument "stage": declared but the query never uses it',
    );
  });

  it("AnalysisDefinition: objectives, targets as quantities, total score", () => {
    const r = analysisResource(canarySlo);
    expect(r).toEqual({
      apiVersion: "metrics.keptn.sh/v1beta1",
      kind: "AnalysisDefinition",
      metadata: { name: "canary-slo", namespace: "test" },
      spec: {
        objectives: [
          {
            analysisValueTemplateRef: { name: "istio-error-rate", namespace: "test" },
            target: {
              failure: { greaterThan: { fixedValue: "10m" } },
              warning: { greaterThan: { fixedValue: "5m" } },
            },
            keyObjective: true,
          },
          {
            analysisValueTemplateRef: { name: "istio-latency-p95", namespace: "test" },
            target: { failure: { greaterThan: { fixedValue: 1000 } } },
            weight: 2,
          },
        ],
        totalScore: { passPercentage: 90, warningPercentage: 75 },
      },
    });
    expect(canarySlo.args).toEqual(["namespace", "workload"]);
  });

  it("every operator, with fractions as exact quantities", () => {
    const ops = [lessThan(0.5), equalTo(3), inRange(0.25, 1.5), notInRange(-2, 2)];
    const d = analysisDefinition("ops", {
      namespace: "test",
      objectives: ops.map((op) => objective(errorRate, { failure: op })).slice(0, 1),
      totalScore: { passPercentage: 60, warningPercentage: 50 },
    });
    expect(analysisResource(d)).toMatchObject({
      spec: { objectives: [{ target: { failure: { lessThan: { fixedValue: "500m" } } } }] },
    });
    const yaml = analysisManifests(
      ops.map((op, i) =>
        analysisDefinition(`op-${i}`, {
          namespace: "test",
          objectives: [objective(errorRate, { warning: op })],
          totalScore: { passPercentage: 60, warningPercentage: 50 },
        }),
      ),
    );
    const warnings = parseAllDocuments(yaml).map(
      (doc) => doc.toJS().spec.objectives[0].target.warning,
    );
    expect(warnings).toEqual([
      { lessThan: { fixedValue: "500m" } },
      { equalTo: { fixedValue: 3 } },
      { inRange: { lowBound: "250m", highBound: "1500m" } },
      { notInRange: { lowBound: -2, highBound: 2 } },
    ]);
    expect(toQuantity(0.0005, "x")).toBe("500u");
    expect(toQuantity(-0.25, "x")).toBe("-250m");
    expect(toQuantity(1e-9, "x")).toBe("1n");
    expect(messageOf(() => toQuantity(0.1 + 0.2, "objective x"))).toContain(
      "objective x: 0.30000000000000004 has more than 9 decimals",
    );
    expect(messageOf(() => inRange(5, 2))).toContain(
      "inRange(5, 2): the low bound must be smaller than the high bound",
    );
  });

  it("AnalysisDefinition errors name the field", () => {
    const o = objective(errorRate, { failure: greaterThan(0.01) });
    expect(
      messageOf(() =>
        analysisDefinition("slo", {
          namespace: "test",
          objectives: [o],
          totalScore: { passPercentage: 50, warningPercentage: 50 },
        }),
      ),
    ).toContain(
      'AnalysisDefinition "slo", field "spec.totalScore": warningPercentage (50) must be below passPercentage (50)',
    );
    expect(
      messageOf(() =>
        analysisDefinition("slo", {
          namespace: "test",
          objectives: [o, o],
          totalScore: { passPercentage: 90, warningPercentage: 50 },
        }),
      ),
    ).toContain(
      'field "spec.objectives[1]": the AnalysisValueTemplate test/istio-error-rate is already used',
    );
    expect(messageOf(() => objective(errorRate, {}))).toContain(
      'objective "istio-error-rate", field "target": no failure and no warning target',
    );
    expect(messageOf(() => objective(errorRate, { failure: lessThan(1), weight: 0.5 }))).toContain(
      'field "weight": must be a whole number >= 1, got 0.5',
    );
  });
});

describe("Flagger's Keptn provider queries", () => {
  it("keptnmetric/<ns>/<name> and analysis/<ns>/<name>/<timeframe>/<args>", () => {
    expect(keptnSuccessTemplate.query).toBe("keptnmetric/test/podinfo-success-rate");
    expect(keptnAnalysisTemplate.query).toBe(
      "analysis/test/canary-slo/{{ interval }}/namespace={{ namespace }};workload={{ target }}",
    );
    expect(analysisResource(keptnAnalysisTemplate)).toEqual({
      apiVersion: "flagger.app/v1beta1",
      kind: "MetricTemplate",
      metadata: { name: "canary-slo", namespace: "test" },
      spec: { provider: { type: "keptn" }, query: keptnAnalysisTemplate.query },
    });
  });

  it("survive Flagger's parsing: lowercased, split on /, ; and =", () => {
    const q = keptnAnalysisQuery(canarySlo, {
      timeframe: "10m",
      args: { namespace: "test", workload: "podinfo-canary" },
    });
    const text = printKeptnQuery(q);
    expect(text).toBe("analysis/test/canary-slo/10m/namespace=test;workload=podinfo-canary");
    expect(parseKeptnQuery(text)).toEqual({
      resource: "analyses",
      namespace: "test",
      name: "canary-slo",
      timeframe: "10m",
      args: { namespace: "test", workload: "podinfo-canary" },
    });
    expect(parseKeptnQuery(printKeptnQuery(keptnMetricQuery(podinfoSuccess)))).toEqual({
      resource: "keptnmetrics",
      namespace: "test",
      name: "podinfo-success-rate",
    });
    // What the checks guard against: Flagger would mangle these silently.
    expect(parseKeptnQuery("analysis/test/slo/1m/workload=PodInfo;path=a=b").args).toEqual({
      workload: "podinfo",
    });
  });

  it("refuse parts that lowercasing or the separators would change", () => {
    const at = "keptnAnalysisQuery(test/canary-slo)";
    const query = (args: Record<string, string>) => () =>
      keptnAnalysisQuery(canarySlo, {
        timeframe: "5m",
        args: args as { namespace: string; workload: string },
      });
    expect(messageOf(query({ namespace: "test", workload: "PodInfo" }))).toContain(
      `${at}, argument "workload": "PodInfo" has upper-case letters; Flagger lowercases the whole Keptn query, so Keptn would receive "podinfo"`,
    );
    expect(messageOf(query({ namespace: "test", workload: "a;b" }))).toContain(
      `"a;b" contains ";", which Flagger's Keptn provider uses to separate arguments`,
    );
    expect(messageOf(query({ namespace: "test", workload: "a/b" }))).toContain(
      `"a/b" contains "/", which Flagger's Keptn provider uses to separate the query's parts`,
    );
    expect(messageOf(query({ namespace: "test", workload: "a=b" }))).toContain(
      `"a=b" contains "=", which Flagger's Keptn provider uses to separate an argument's name from its value`,
    );
    expect(messageOf(query({ namespace: "test" }))).toContain(
      `${at}, argument "workload": no value; the definition's templates use {{.workload}}, which Keptn would fill with "<no value>"`,
    );
    expect(messageOf(query({ namespace: "test", workload: "x", stage: "dev" }))).toContain(
      `${at}, argument "stage": no template of the definition uses {{.stage}}`,
    );
    expect(
      messageOf(() =>
        keptnAnalysisQuery(canarySlo, {
          timeframe: "1d" as "1h",
          args: { namespace: "a", workload: "b" },
        }),
      ),
    ).toContain(`${at}, timeframe: "1d" is not a positive Go duration`);

    const upper = analysisValueTemplate("upper", {
      namespace: "test",
      provider: "p",
      args: ["workLoad"],
      query: (a) => sum(requests.where({ deployment: a.workLoad })),
    });
    const def = analysisDefinition("upper", {
      namespace: "test",
      objectives: [objective(upper, { failure: greaterThan(1) })],
      totalScore: { passPercentage: 60, warningPercentage: 50 },
    });
    expect(
      messageOf(() => keptnAnalysisQuery(def, { timeframe: "5m", args: { workLoad: "x" } })),
    ).toContain(
      'argument "workLoad": Flagger lowercases argument names, so Keptn would fill {{.workLoad}} with nothing',
    );
  });

  it("the ClusterRole Flagger needs: get/list KeptnMetrics, create/get/delete Analyses", () => {
    expect(
      flaggerKeptnClusterRole(
        flaggerKeptnRole({ labels: { "app.kubernetes.io/name": "flagger" } }),
      ),
    ).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "flagger-keptn", labels: { "app.kubernetes.io/name": "flagger" } },
      rules: [
        { apiGroups: ["metrics.keptn.sh"], resources: ["keptnmetrics"], verbs: ["get", "list"] },
        {
          apiGroups: ["metrics.keptn.sh"],
          resources: ["analyses"],
          verbs: ["create", "get", "delete"],
        },
      ],
    });
  });
});

describe("emitted YAML", () => {
  const kindOf = (o: AnalysisObject) => analysisResource(o).kind;

  it("uses only field names confirmed upstream, for every kind", () => {
    for (const o of objects)
      expect(unconfirmedFields(kindOf(o), analysisResource(o)), o.name).toEqual([]);
    for (const m of canaryMetrics)
      expect(unconfirmedFields("CanaryMetric", canaryMetricEntry(m))).toEqual([]);
    const docs = parseAllDocuments(analysisManifests(objects)).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      "MetricTemplate",
      "MetricTemplate",
      "MetricTemplate",
      "MetricTemplate",
      "KeptnMetric",
      "AnalysisValueTemplate",
      "AnalysisValueTemplate",
      "AnalysisDefinition",
      "ClusterRole",
    ]);
    for (const d of docs) expect(unconfirmedFields(d.kind, d)).toEqual([]);
  });

  it("the field check catches an invented field (it can fail)", () => {
    const doc = {
      ...analysisResource(successRate),
      spec: { ...metricTemplateResource(successRate).spec, treshold: 1 },
    };
    expect(unconfirmedFields("MetricTemplate", doc)).toEqual(["spec.treshold"]);
    expect(unconfirmedFields("CanaryMetric", { name: "x", templateref: { name: "y" } })).toEqual([
      "templateref.name",
    ]);
  });

  it("is deterministic and the models are immutable", () => {
    const labels: Record<string, string> = { team: "payments", app: "podinfo" };
    const t = metricTemplate("labelled", {
      namespace: "flagger",
      provider,
      labels,
      query: () => sum(raw("up")),
    });
    labels["team"] = "changed";
    expect(analysisResource(t).metadata.labels).toEqual({ app: "podinfo", team: "payments" });
    expect(Object.keys(analysisResource(t).metadata.labels ?? {})).toEqual(["app", "team"]);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(successRateMetric.thresholdRange)).toBe(true);
    expect(analysisManifests(objects)).toBe(analysisManifests(objects));
  });

  it("artifacts: resources, Canary metrics, tests with their rule file", () => {
    const files = analysisArtifacts("delivery", { objects, canaryMetrics, checks: [] });
    expect([...files.keys()]).toEqual(["delivery.analysis.yaml", "delivery.canary-metrics.yaml"]);
    expect(
      messageOf(() => analysisArtifacts("delivery", { objects: [successRate, successRate] })),
    ).toContain("MetricTemplate istio-system/istio-success-rate is listed twice");
    expect(keptnRole.name).toBe("flagger-keptn");
    expect(latencyP99.query).toContain(
      "histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{",
    );
  });

  it("keptnMetricTemplate and metricTemplate errors are AnalysisErrors with where and what", () => {
    const err = (() => {
      try {
        keptnMetricTemplate("x", { namespace: "Test", query: keptnMetricQuery(podinfoSuccess) });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AnalysisError);
    expect((err as AnalysisError).where).toBe('MetricTemplate "x", field "metadata.namespace"');
    expect((err as AnalysisError).problem).toContain('"Test" is not a namespace name');
  });
});

describe("template actions in typed PromQL (src/promql)", () => {
  const c = counter("istio_requests_total", ["destination_workload"]);

  it("a Go template action stands for a duration and prints verbatim", () => {
    expect(String(rate(c.range("{{ interval }}")))).toBe(
      "rate(istio_requests_total[{{ interval }}])",
    );
    expect(String(rate(c.range("{{.window}}")).add(1))).toBe(
      "rate(istio_requests_total[{{.window}}]) + 1",
    );
    expect(duration("{{ variables.window }}")).toEqual({
      kind: "variable",
      text: "{{ variables.window }}",
    });
    expect(messageOf(() => duration("{{ interval | quote }}"))).toContain(
      'invalid template action "{{ interval | quote }}" used as a duration',
    );
  });

  it("the syntax check accepts actions in ranges, subqueries and strings, and parses them back", () => {
    const text = 'max_over_time(x{a=~"{{ target }}-[0-9]+"}[{{ interval }}:{{ step }}])';
    expect(findSyntaxProblem(text)).toBeUndefined();
    expect(String(raw(text))).toBe(text);
    expect(print(parsePromQL("rate(x[{{ interval }}] offset {{ interval }})"))).toBe(
      "rate(x[{{ interval }}] offset {{ interval }})",
    );
    expect(findSyntaxProblem("rate(x[{{ interval }])")).toBeDefined();
    expect(messageOf(() => parsePromQL("x * {{ factor }}"))).toContain(
      "a template action stands where a number is expected",
    );
  });
});
