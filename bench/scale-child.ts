/**
 * One scaling measurement in a fresh process: build `dashboards` dashboards (20 panels each, with
 * their JSON files and sidecar ConfigMaps) and `rules` rules (validated, emitted as a rule file and
 * PrometheusRule manifests), then print one JSON line: the time of the work (modules already
 * loaded), the process' peak RSS and the bytes produced.
 * Usage: tsx bench/scale-child.ts <dashboards> <rules>
 */
import { dashboardArtifacts, ruleArtifacts } from "../src/index.js";
import { mixkitDashboard } from "./mixkit-dashboard.js";
import { ruleGroups } from "./rules-fixture.js";

const dashboards = Number(process.argv[2] ?? 0);
const rules = Number(process.argv[3] ?? 0);
const rssBefore = process.memoryUsage().rss;
const start = performance.now();
let bytes = 0;
if (dashboards > 0) {
  const built = Array.from({ length: dashboards }, (_, i) => mixkitDashboard(i));
  const files = dashboardArtifacts(built, {
    configMap: { namespace: "monitoring", folder: "Bench" },
  });
  for (const text of files.values()) bytes += text.length;
}
if (rules > 0) {
  const files = ruleArtifacts(ruleGroups(rules), {
    name: "bench",
    prometheusRule: { labels: { release: "kube-prometheus-stack" } },
  });
  for (const text of files.values()) bytes += text.length;
}
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ ms, bytes, rssBefore, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
);
