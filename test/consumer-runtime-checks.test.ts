/**
 * The type rules hold for a user who has no type checker: a plain-JavaScript config and a
 * TypeScript config under `// @ts-nocheck`, run through the installed package's bin, are refused
 * by `mixkit build` with the rule broken, at the config's 1-based line and column, and nothing is
 * written. The same configs without the mistake build.
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installedProject } from "./fixtures/installed-package.js";

const { tmp, project, mixkit } = installedProject("runtime-checks");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A config with one dashboard panel whose query is `query`. */
function config(query: string, header = ""): string {
  return `${header}import { counter, dashboard, defineConfig, gauge, histogram, histogramQuantile, rate, sum, timeSeriesPanel } from "mixkit";

const ready = gauge("certmanager_certificate_ready_status", ["name", "namespace", "condition"]);
const requests = counter("certmanager_http_acme_client_request_count", ["host", "method", "status"]);
const latency = histogram("certmanager_http_acme_client_request_duration_seconds", ["host", "method", "status"]);
const query = ${query};

export default defineConfig({
  outDir: "out",
  mixins: {},
  custom: [{
    name: "cert-manager",
    dashboards: [dashboard("cert-manager").panels(timeSeriesPanel("Q", { unit: "short" }).query(query))],
  }],
});
`;
}

const valid = 'sum(rate(requests.range("5m"))).by("status")';
const mistakes = [
  {
    rule: "a matcher on a label the metric does not have (TS2353)",
    query: 'sum(ready.where({ issuer: "x" }))',
    message: '"issuer" is not a label of certmanager_certificate_ready_status',
  },
  {
    rule: "rate of a gauge (TS2345)",
    query: 'sum(rate(ready.range("5m")))',
    message: "rate(...) takes only counters: certmanager_certificate_ready_status[5m] is a gauge",
  },
  {
    rule: "a grouping label the vector does not carry",
    query: 'sum(rate(requests.range("5m"))).by("namespace")',
    message: '"namespace" is not a label of',
  },
  {
    rule: "histogram_quantile without le",
    query: 'histogramQuantile(0.9, sum(rate(latency.bucket().range("5m"))).by("host"))',
    message: 'histogram_quantile(...) needs the buckets of a histogram: "le" is not a label',
  },
  {
    rule: "a range vector where an instant vector belongs",
    query: 'sum(requests.range("5m"))',
    message: "sum(...) needs an instant vector, got the range vector",
  },
];

describe.each([
  { file: "mixkit.config.mjs", header: "" },
  { file: "mixkit.config.ts", header: "// @ts-nocheck\n" },
])("a config without type checking: $file", ({ file, header }) => {
  const configFile = path.join(project, file);
  const write = (query: string) => {
    for (const other of ["mixkit.config.mjs", "mixkit.config.ts"])
      rmSync(path.join(project, other), { force: true });
    writeFileSync(configFile, config(query, header));
  };

  it.each(mistakes)("refuses $rule where it is written, writing nothing", async (m) => {
    write(m.query);
    rmSync(path.join(project, "out"), { recursive: true, force: true });
    const build = await mixkit(["build"]);
    expect(build.code, build.err).toBe(2);
    expect(build.err).toContain(m.message);
    // The query is on line 6 (7 under the @ts-nocheck line); the column is where the call starts.
    const line = header === "" ? 6 : 7;
    expect(build.err).toMatch(new RegExp(`at ${file.replace(".", "\\.")}:${line}:\\d+`));
    expect(existsSync(path.join(project, "out"))).toBe(false);
  });

  it("builds the same config without the mistake", async () => {
    write(valid);
    const build = await mixkit(["build"]);
    expect(build.code, build.err).toBe(0);
    expect(existsSync(path.join(project, "out/dashboards"))).toBe(true);
  });
});
