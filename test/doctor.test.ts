/**
 * `mixkit doctor` against real servers on 127.0.0.1: a Prometheus whose External Secrets series
 * match the defaults, one scraped with honorLabels (the object's namespace in `namespace`) and
 * missing the webhook's metrics, a plain HTTP server that is not Prometheus, one that answers 401,
 * and a port nobody listens on. Each finding appears where it should and nowhere else.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedMixins } from "../src/mixins/index.js";
import { toOpenMetrics, type TimedSeries } from "../src/testing/openmetrics.js";
import { scenarioFixtures, fixtureSeries } from "../src/testing/live.js";
import {
  freePort,
  startPrometheus,
  type PrometheusServer,
} from "../src/testing/prometheus-server.js";
import { linkedProject, repositoryRoot } from "./fixtures/linked-project.js";
import { runAsync } from "./fixtures/run-async.js";

const bin = path.join(repositoryRoot, "dist/cli/main.js");
const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-doctor-"));
const project = linkedProject(path.join(tmp, "project"), {
  "mixkit.config.ts": `import { defineConfig } from "mixkit";
export default defineConfig({ mixins: { "external-secrets": {} } });
`,
});
// The same mixin told its controller's job is "external-secrets": not what the targets have.
const otherJob = linkedProject(path.join(tmp, "other-job"), {
  "mixkit.config.ts": `import { defineConfig } from "mixkit";
export default defineConfig({ mixins: { "external-secrets": { selector: { job: "external-secrets" } } } });
`,
});
// The same, with those findings silenced for a reason.
const silenced = linkedProject(path.join(tmp, "silenced"), {
  "mixkit.config.ts": `import { defineConfig } from "mixkit";
export default defineConfig({
  mixins: { "external-secrets": { selector: { job: "external-secrets" } } },
  doctor: { silence: [{ check: "selector-empty", mixin: "external-secrets", reason: "ESO is installed next week" }] },
});
`,
});
const flux = linkedProject(path.join(tmp, "flux"), {
  "mixkit.config.ts": `import { defineConfig } from "mixkit";
export default defineConfig({ mixins: { flux: {} } });
`,
});
const doctor = async (...args: string[]) => doctorWith({}, ...args);
const doctorWith = async (env: Record<string, string>, ...args: string[]) => {
  const r = await runAsync(process.execPath, [bin, "doctor", ...args], project, {
    env: { ...process.env, ...env },
  });
  return { code: r.code, out: r.out, err: r.err };
};

const eso = shippedMixins["external-secrets"]({});
const endMs = Date.now();
const series: TimedSeries[] = [
  ...scenarioFixtures(eso.scenarios, endMs),
  ...fixtureSeries(eso.dashboardFixtures, endMs),
  // kube-state-metrics runs, as in every kube-prometheus-stack, without mixkit's Flux config.
  ...fixtureSeries(
    [{ metric: "kube_pod_info", labels: { job: "kube-state-metrics", pod: "a" }, values: "1x10" }],
    endMs,
  ),
];
/** As a ServiceMonitor with honorLabels: true scrapes them: the object's namespace as `namespace`. */
const honored = series
  // No sync error counter, and no PushSecret metrics (ESO v0.14.4+): an older ESO than the config says.
  .filter(
    (s) =>
      !["externalsecret_sync_calls_error", "pushsecret_status_condition"].includes(s.series.metric),
  )
  .map((s) => {
    const { exported_namespace: ns, ...labels } = s.series.labels;
    return ns === undefined
      ? s
      : { ...s, series: { ...s.series, labels: { ...labels, namespace: ns } } };
  });

let defaults: PrometheusServer;
let honorLabels: PrometheusServer;
let guarded: PrometheusServer;
// bcrypt of "s3cret" (cost 4, for a quick test), as Prometheus' web config takes it.
const webConfig = `basic_auth_users:\n  doctor: "$2b$04$SswzueuiC7TiktF9U8F3ruslY.KIjGdQkcXJGXjKLFyJ0dkTawERS"\n`;
let html: Server;
let refusing: Server;
let fake: Server;
/** A Prometheus API that answers as `answers` says, by path (a server the doctor must refuse). */
const fakeApi = () =>
  new Promise<Server>((resolve) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const tenant = url.pathname.split("/")[1] ?? "";
      const path = url.pathname.slice(tenant.length + 1);
      const json = (body: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (tenant === "slow") return setTimeout(() => json({ status: "success", data: {} }), 5_000);
      // Mimir answers a request without its tenant header with 401.
      if (tenant === "mimir" && req.headers["x-scope-orgid"] !== "acme") {
        res.writeHead(401, { "content-type": "text/plain" });
        return res.end("no org id");
      }
      if (path === "/api/v1/status/buildinfo")
        return json({
          status: "success",
          data: { version: tenant === "old" ? "2.30.3" : "2.53.0" },
        });
      if (path === "/api/v1/label/__name__/values")
        return json({
          status: "success",
          data: Array.from({ length: tenant === "huge" ? 50 : 3 }, (_, i) => `metric_${i}`),
          ...(tenant === "partial" ? { warnings: ["No StoreAPIs matched for this query"] } : {}),
        });
      if (path === "/api/v1/query_range")
        return json({ status: "success", data: { resultType: "matrix", result: [] } });
      json({ status: "success", data: { resultType: "vector", result: [] } });
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
const serve = (status: number, type: string, body: string) =>
  new Promise<Server>((resolve) => {
    const server = createServer((_, res) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
const urlOf = (s: Server) => {
  const address = s.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
};

beforeAll(async () => {
  [defaults, honorLabels, guarded, html, refusing] = await Promise.all([
    startPrometheus({ fixtures: toOpenMetrics(series) }),
    startPrometheus({ fixtures: toOpenMetrics(honored) }),
    startPrometheus({ fixtures: toOpenMetrics(series), webConfig }),
    serve(502, "text/html", "<html><body>Bad gateway</body></html>"),
    serve(401, "text/plain", "unauthorized"),
  ]);
  fake = await fakeApi();
}, 120_000);
afterAll(async () => {
  await Promise.all([defaults?.stop(), honorLabels?.stop(), guarded?.stop()]);
  html?.close();
  refusing?.close();
  fake?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("mixkit doctor", () => {
  it("finds nothing wrong where the series match the config", async () => {
    const r = await doctor("--prometheus", defaults.url, "--format", "json");
    const report = JSON.parse(r.out) as {
      findings: unknown[];
      mixins: { metrics: number; metricsPresent: number }[];
    };
    expect(report.findings).toEqual([]);
    expect(report.mixins[0]!.metricsPresent).toBe(report.mixins[0]!.metrics);
    expect(report.mixins[0]!.metrics).toBeGreaterThan(5);
    expect(r.code).toBe(0);
  });

  it("costs every rule and dashboard query: the series it touches, most first", async () => {
    const r = await doctor("--prometheus", defaults.url, "--format", "json");
    const { cost } = (
      JSON.parse(r.out) as { mixins: { cost: { what: string; series: number; ms: number }[] }[] }
    ).mixins[0]!;
    const rules = eso.groups.flatMap((g) => g.rules);
    expect(cost.filter((c) => c.what.startsWith("rule ")).length).toBe(rules.length);
    expect(cost.some((c) => c.what.startsWith("External Secrets / "))).toBe(true);
    expect(cost[0]!.series).toBeGreaterThan(0);
    expect(cost.map((c) => c.series)).toEqual([...cost.map((c) => c.series)].sort((a, b) => b - a));
    // A rule over the ExternalSecret condition touches its series current now (ended ones not).
    const notReady = cost.find(
      (c) => c.what === "rule namespace_name:externalsecret_status_condition:not_ready",
    )!;
    expect(notReady.series).toBeGreaterThan(0);
    expect(notReady.series).toBeLessThanOrEqual(
      series.filter(
        (s) =>
          s.series.metric === "externalsecret_status_condition" &&
          s.series.labels["condition"] === "Ready" &&
          s.series.labels["status"] === "False",
      ).length,
    );
  });

  it("counts the targets each up selector picks, and names a selector that picks none with the values there are", async () => {
    const [right, wrong] = await Promise.all([
      doctor("--prometheus", defaults.url),
      runAsync(process.execPath, [bin, "doctor", "--prometheus", defaults.url], otherJob),
    ]);
    expect(right.out).toMatch(/targets: up\{job="external-secrets-metrics"\} \d+ up/);
    // One finding for the one wrong matcher, across the metrics it is on.
    expect(wrong.out).toMatch(
      /job="external-secrets" matches no series of .*, which .* read; they have .*job="external-secrets-metrics"/,
    );
    expect(wrong.out.match(/\[selector-empty\]/g)).toHaveLength(1);
    expect(wrong.out).toContain("[selector-empty]");
    expect(wrong.code).toBe(1);
  });

  it("names a source that is not there, and kube-state-metrics running without the custom-resource config", async () => {
    const r = await runAsync(process.execPath, [bin, "doctor", "--prometheus", defaults.url], flux);
    expect(r.out).toMatch(
      /no metric of kube-state-metrics is on this server \(gotk_resource_info\), .*: kube-state-metrics runs \(kube_\* metrics are here\) without mixkit's custom-resource-state config \[source-missing\]/,
    );
    expect(r.out).toContain(
      "fix: give kube-state-metrics the CustomResourceStateMetrics config the build writes in rules/flux/",
    );
    expect(r.out).toMatch(
      /no metric of fluxcd\/pkg is on this server .*: is fluxcd\/pkg installed/,
    );
    // One finding per source, not one per metric.
    expect(r.out).not.toContain("[metric-missing]");
    expect(r.code).toBe(1);
  });

  it("silences a finding from the config, listing it with its reason", async () => {
    const r = await runAsync(
      process.execPath,
      [bin, "doctor", "--prometheus", defaults.url],
      silenced,
    );
    expect(r.out).toContain(
      'silenced: external-secrets: selector-empty job="external-secrets" (ESO is installed next week)',
    );
    expect(r.out).toMatch(/nothing wrong, 1 silenced$/m);
    expect(r.code).toBe(0);
  });

  it("replays each alert over --since with its for: the scenarios' failures would have fired", async () => {
    const r = await doctor("--prometheus", defaults.url, "--since", "12h", "--format", "json");
    const report = JSON.parse(r.out) as {
      since: string;
      mixins: { history: { alert: string; fired: number; firingSeconds: number }[] }[];
    };
    expect(report.since).toBe("12h");
    const history = new Map(report.mixins[0]!.history.map((h) => [h.alert, h]));
    // The ExternalSecret scenarios hold objects not ready past the alert's 10m: they count.
    expect(history.get("ExternalSecretNotReady")!.fired).toBeGreaterThan(0);
    expect(history.get("ExternalSecretNotReady")!.firingSeconds).toBeGreaterThan(0);
    // Every alert is replayed, or named as left out (it reads a record with matchers).
    const { history: replayed, notReplayed } = report.mixins[0]! as unknown as {
      history: unknown[];
      notReplayed: string[];
    };
    const alerts = eso.groups.flatMap((g) => g.rules).filter((x) => "severity" in x.spec);
    expect(replayed.length + notReplayed.length).toBe(alerts.length);
    expect(replayed.length).toBeGreaterThan(notReplayed.length);
  });

  it("names honorLabels' namespace and the config change, and the missing sync error counter", async () => {
    const r = await doctor("--prometheus", honorLabels.url);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(
      /no series of .*externalsecret_status_condition.* has the label exported_namespace, which .* group/,
    );
    expect(r.out).toContain(
      'fix: the series carry the object\'s namespace as `namespace` (a ServiceMonitor with honorLabels: true): set objectNamespaceLabel: "namespace"',
    );
    expect(r.out).toMatch(
      /no series of externalsecret_sync_calls_error \(external-secrets, .*, since v0\.1\.0\), which .* read.*never fire on this server \[metric-missing\]/,
    );
    // A metric newer than every ESO metric there: ESO may be older than the config says.
    expect(r.out).toMatch(
      /no series of pushsecret_status_condition .*since v0\.14\.4.*; the external-secrets metrics here are all older than v0\.14\.4: it may run an older release than the config's version v2\.9\.0/,
    );
    // Only what is wrong: the controller's own metrics are there, with the labels the rules use.
    expect(r.out).not.toMatch(/no series of controller_runtime_reconcile_total\b/);
    expect(r.out).toMatch(/mixkit doctor: 1 mixin of mixkit\.config\.ts against .*: \d+ findings/);
  });

  it("fails in one line naming the URL and the cause: not Prometheus, refused credentials, nothing listening", async () => {
    const [notProm, unauthorized, closed] = await Promise.all([
      doctor("--prometheus", urlOf(html)),
      doctor("--prometheus", urlOf(refusing)),
      freePort().then((port) => doctor("--prometheus", `http://127.0.0.1:${port}`)),
    ]);
    for (const r of [notProm, unauthorized, closed]) {
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
    expect(notProm.err).toMatch(
      /^mixkit doctor: http:\/\/127\.0\.0\.1:\d+: HTTP 502 on .* with text\/html, not the Prometheus API's JSON/,
    );
    expect(unauthorized.err).toMatch(/HTTP 401 .*MIXKIT_PROMETHEUS_TOKEN/);
    expect(closed.err).toMatch(/connection refused/);
  });

  it("reads a server behind basic auth with the credentials from the environment, and names a wrong password", async () => {
    const [ok, wrong] = await Promise.all([
      doctorWith(
        { MIXKIT_PROMETHEUS_USER: "doctor", MIXKIT_PROMETHEUS_PASSWORD: "s3cret" },
        "--prometheus",
        guarded.url,
      ),
      doctorWith(
        { MIXKIT_PROMETHEUS_USER: "doctor", MIXKIT_PROMETHEUS_PASSWORD: "guess" },
        "--prometheus",
        guarded.url,
      ),
    ]);
    expect(ok.out).toContain("nothing wrong");
    expect(ok.code, ok.err).toBe(0);
    expect(wrong.err).toMatch(
      /^mixkit doctor: http:\/\/127\.0\.0\.1:\d+: HTTP 401 on \/api\/v1\/status\/buildinfo: the server refused the credentials/,
    );
    expect(wrong.code).toBe(2);
  });

  it("fails in one line on a partial answer, a result over the limit, a server older than the target, and a timeout", async () => {
    const at = (tenant: string) => `${urlOf(fake)}/${tenant}`;
    const [partial, huge, old, slow] = await Promise.all([
      doctor("--prometheus", at("partial")),
      doctor("--prometheus", at("huge"), "--limit", "10"),
      doctor("--prometheus", at("old")),
      doctor("--prometheus", at("slow"), "--timeout", "1s"),
    ]);
    for (const r of [partial, huge, old, slow]) {
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toContain(urlOf(fake));
    }
    expect(partial.err).toMatch(/a partial response \(No StoreAPIs matched/);
    expect(huge.err).toMatch(/50 metric names, more than the limit of 10/);
    expect(old.err).toMatch(
      /Prometheus 2\.30\.3 is older than the project's targetPrometheus 2\.42/,
    );
    expect(slow.err).toMatch(/no answer within 1s/);
  });

  it("sends --header on every request, as Mimir's tenant header", async () => {
    const mimir = `${urlOf(fake)}/mimir`;
    const [withTenant, without] = await Promise.all([
      doctor("--prometheus", mimir, "--header", "X-Scope-OrgID: acme", "--since", "1h"),
      doctor("--prometheus", mimir),
    ]);
    // With the header, every request is answered: the mixin's metrics are simply not there.
    expect(withTenant.err).toBe("");
    expect(withTenant.out).toContain("[source-missing]");
    expect(withTenant.code).toBe(1);
    expect(without.err).toMatch(/HTTP 401 on \/api\/v1\/status\/buildinfo/);
    expect(without.code).toBe(2);
  });

  it("refuses bad usage with exit 2", async () => {
    const [none, bad, mixin] = await Promise.all([
      doctor(),
      doctor("--prometheus", "prometheus:9090x"),
      doctor("--prometheus", defaults.url, "--mixin", "flux"),
    ]);
    expect(none.err).toMatch(/--prometheus URL is required/);
    expect(bad.err).toMatch(/http or https only|is not a URL/);
    expect(mixin.err).toMatch(
      /--mixin flux: no mixin of that name in this project \(external-secrets\)/,
    );
    for (const r of [none, bad, mixin]) expect(r.code).toBe(2);
  });
});
