/**
 * The SPIRE mixin: promtool scenarios (fires, quiet, resolves, one blip, an agent restart, a server
 * outage, CA expiry past and future), lint, and config errors that name the path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { MixinConfigError } from "../src/mixins/common/config.js";
import { mixinRuleFiles } from "../src/mixins/common/mixin.js";
import { spireMixin, type SpireConfigInput } from "../src/mixins/spire/index.js";
import { AlertingRule, lintGroups, testRules } from "../src/index.js";
import { runPromtool } from "./fixtures/promtool-run.js";

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-spire-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runScenarios(input: SpireConfigInput) {
  const mixin = spireMixin(input);
  const run = await runPromtool(dir, mixinRuleFiles(mixin), "spire.rules.yaml");
  return {
    mixin,
    testFiles: run.testFiles,
    tests: readFileSync(path.join(run.here, "spire.rules.test.yaml"), "utf8"),
    runs: run.tests,
    check: run.check,
  };
}

describe("SPIRE mixin", () => {
  it("ships the alerts of its public contract, the canonical sync alert first", () => {
    const rules = spireMixin().groups.flatMap((g) => g.rules);
    expect(rules.filter((r) => r instanceof AlertingRule).map((r) => r.name)).toEqual([
      "SPIREAgentSyncFailure",
      "SPIREAgentFleetSyncFailure",
      "SPIREAgentNoSuccessfulSync",
      "SPIREAgentSVIDRotationFailure",
      "SPIREServerCAExpiringSoon",
      "SPIREServerCAPreparationFailure",
      "SPIREServerCAExpiryUnmonitored",
      "SPIREServerAttestationFailures",
      "SPIREServerDatastoreErrors",
      "SPIREServerEntryFetchErrors",
      "SPIREServerSVIDSigningErrors",
      "SPIREMetricsAbsent",
    ]);
    // The replica count needs to know how many servers to expect.
    expect(
      spireMixin({ serverReplicasMissing: { expected: 3 } })
        .groups.flatMap((g) => g.rules)
        .some((r) => r.name === "SPIREServerReplicasMissing"),
    ).toBe(true);
    const text = parse(mixinRuleFiles(spireMixin()).get("spire.rules.yaml") as string) as {
      groups: {
        rules: {
          alert?: string;
          record?: string;
          expr: string;
          for?: string;
          labels?: { severity: string };
        }[];
      }[];
    };
    const all = text.groups.flatMap((g) => g.rules);
    const sync = all.find((r) => r.alert === "SPIREAgentSyncFailure");
    // #20: a warning per agent on its success ratio, one page for the fleet.
    expect(sync).toMatchObject({ for: "10m", labels: { severity: "warning" } });
    expect(sync?.expr).toBe(
      "host:spire_agent_manager_sync_fetch_entries_updates:success_ratio5m < 0.5",
    );
    expect(all.find((r) => r.alert === "SPIREAgentFleetSyncFailure")).toMatchObject({
      labels: { severity: "critical" },
    });
    // The default CA threshold sits below the 4h left at which SPIRE activates the next CA (ca_ttl 24h).
    expect(all.find((r) => r.alert === "SPIREServerCAExpiringSoon")?.expr).toMatch(/ < 7200$/);
    expect(all.find((r) => r.record?.startsWith("host_status:"))?.expr).toBe(
      "sum by (host, status) (rate(spire_agent_manager_sync_fetch_entries_updates[5m]))",
    );
  });

  // Each config in its own folder, its promtool runs at once with the other config's.
  it.concurrent.for([
    ["the default config", {}],
    [
      "a cluster label, a stricter CA threshold and three servers",
      {
        clusterLabel: "k8s_cluster",
        caExpiringSoon: { within: "1h" },
        serverReplicasMissing: { expected: 3 },
      },
    ],
    ["a 30-day CA (caTTL 720h)", { caTTL: "720h" }],
    ["SPIRE v1.12.0, before the CA expiry gauge", { version: "v1.12.0" }],
    [
      "strict ratios and short fors",
      {
        caTTL: "1h",
        agentSyncFailure: { for: "0s", ratio: 0.02 },
        agentFleetSyncFailure: { for: "1m", share: 0.3 },
        caExpiringSoon: { for: "0s" },
        caPreparationFailure: { for: "0s" },
        caExpiryUnmonitored: { for: "0s" },
        serverDatastoreErrors: { for: "2m", ratio: 0.05 },
        serverEntryFetchErrors: { for: "0s", ratio: 0.5 },
        serverSvidSigningErrors: { for: "30m", ratio: 0.01 },
        serverReplicasMissing: { for: "0s", expected: 2 },
        metricsAbsent: { for: "0s" },
      },
    ],
  ] as [string, SpireConfigInput][])(
    "passes its scenarios in promtool with %s, and lints clean",
    async ([, input], { expect }) => {
      const { mixin, testFiles, tests, runs, check } = await runScenarios(input);
      // The CA rotation scenarios span days and the healthy day 24h: they evaluate at a coarser
      // step, in files of their own.
      expect(testFiles[0]).toBe("spire.rules.test.yaml");
      expect(testFiles.length).toBeLessThanOrEqual(3);
      expect(testFiles).toContain("spire.rules.eval-10m.test.yaml");
      expect(runs.map((r) => r.failures)).toEqual(runs.map(() => []));
      expect(runs.map((r) => r.ok)).toEqual(runs.map(() => true));
      expect(check.ok).toBe(true);
      expect(lintGroups(mixin.groups, { scrapeInterval: "30s" }).findings).toEqual([]);
      expect(mixin.dashboard.lint().findings).toEqual([]);
      // The outage scenario expects three warnings at once, one per agent, and one page.
      expect(tests).toContain("a server outage raises a warning per agent, one fleet page");
      expect(tests.match(/host: spire-agent-[abc]\n/g)?.length).toBeGreaterThanOrEqual(3);
    },
  );

  it("fails in promtool when the threshold is changed without the scenarios (the check can fail)", () => {
    const here = mkdtempSync(path.join(dir, "stale-"));
    const strict = spireMixin({ caExpiringSoon: { within: "1h" } });
    writeFileSync(
      path.join(here, "spire.rules.yaml"),
      mixinRuleFiles(strict).get("spire.rules.yaml") as string,
    );
    writeFileSync(
      path.join(here, "spire.rules.test.yaml"),
      mixinRuleFiles(spireMixin()).get("spire.rules.test.yaml") as string,
    );
    expect(testRules(path.join(here, "spire.rules.test.yaml")).ok).toBe(false);
  });

  it("refuses a bad config, naming the path and the problem", () => {
    const cases: [unknown, RegExp][] = [
      [{ caExpiringSoon: { within: "six hours" } }, /caExpiringSoon\.within: not a duration/],
      [{ agentSyncFailure: { severity: "page" } }, /agentSyncFailure\.severity/],
      [{ agentSelector: { "pod-name": "x" } }, /agentSelector\.pod-name/],
      [{ agentNoSuccessfulSync: { windw: "15m" } }, /agentNoSuccessfulSync/],
      [{ caExpiringSoon: { within: "6h" } }, /caExpiringSoon\.within: 6h is not below 4h/],
      [{ caTTL: "720h", caExpiringSoon: { within: "5d" } }, /not below 5d/],
      [{ caTTL: "30m" }, /caTTL: 30m is shorter than 1h/],
      [{ version: "1.13" }, /version: a release like/],
      [{ agentSyncFailure: { ratio: 1 } }, /agentSyncFailure\.ratio/],
      [{ serverReplicasMissing: { expected: 1 } }, /serverReplicasMissing\.expected/],
    ];
    for (const [input, message] of cases) {
      const build = () => spireMixin(input as SpireConfigInput);
      expect(build).toThrow(MixinConfigError);
      expect(build).toThrow(message);
    }
  });
});
