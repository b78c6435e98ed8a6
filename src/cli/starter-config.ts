/**
 * The `mixkit.config.ts` that `mixkit init` writes: every shipped mixin with its defaults, the
 * usual outputs, and a comment on each option. It type-checks and builds as it is.
 */
const identifier = /^[A-Za-z_$][\w$]*$/;

export function starterConfig(mixinNames: readonly string[]): string {
  const mixins = mixinNames
    .map((n) => `    ${identifier.test(n) ? n : JSON.stringify(n)}: {},`)
    .join("\n");
  return `/**
 * What \`mixkit build\` writes into this repository: rules, promtool tests and dashboards.
 * \`mixkit check\` fails in CI when the committed files differ from what this file builds.
 */
import { defineConfig } from "mixkit";

export default defineConfig({
  // Where the files go, relative to this file: rules/, dashboards/, kustomization.yaml.
  outDir: "monitoring",

  // The shipped mixins to build; delete the ones you do not run. {} keeps a mixin's defaults
  // (made for its upstream Helm chart scraped by kube-prometheus-stack); set options in it,
  // e.g. { clusterLabel: "cluster" } for a multi-cluster Prometheus.
  mixins: {
${mixins}
  },

  // Your own rule groups, promtool scenarios and dashboards, each in its own folder:
  // custom: [{ name: "payments", groups: [...], scenarios: [...], dashboards: [...] }],

  // The oldest Prometheus the rules must load on; newer PromQL features are refused.
  targetPrometheus: "2.42",

  // Labels added to every alert, e.g. for Alertmanager routing.
  // extraAlertLabels: { team: "platform" },

  outputs: {
    // PrometheusRule objects for prometheus-operator (false for none).
    prometheusRule: { namespace: "monitoring" },
    // ConfigMaps for the Grafana sidecar; for grafana-operator use
    // grafanaDashboard: { instanceSelector: { matchLabels: { dashboards: "grafana" } } }.
    configMap: { namespace: "monitoring", folder: "Platform" },
    // Rule files for a Mimir or Thanos ruler:
    // mimir: { namespace: "platform" },
    // thanos: true,
  },
});
`;
}
