/**
 * `mixkit verify` on this repository's config, on a real Prometheus, and verifyLive catching a
 * panel without data and a recording rule that records nothing (a legend naming a label the query
 * lacks is a compile error already).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import type { Io } from "../src/cli/io.js";
import { runCli } from "../src/cli/run.js";
import {
  alert,
  dashboard,
  expectAlert,
  expectNoAlert,
  gauge,
  group,
  max,
  record,
  scenario,
  series,
  steady,
  timeSeriesPanel,
  verifyLive,
} from "../src/index.js";

const root = path.resolve(import.meta.dirname, "..");
const empty = mkdtempSync(path.join(tmpdir(), "mixkit-verify-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

async function cli(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { cwd: empty, out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

// Each test starts its own server on a free port and waits for its rule evaluations: at once.
describe.concurrent("mixkit verify", () => {
  it("proves every shipped mixin's rules and panels on a live Prometheus", async ({ expect }) => {
    const r = await cli(["verify", "--config", path.join(root, "mixkit.config.ts")]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/mixkit verify: \d+ rules and \d+ panel targets of .*all proved/);
    expect(r.code).toBe(0);
  }, 180_000);

  it("names the panel, the query and the rule when they do not hold", async ({ expect }) => {
    const up = gauge("verify_fixture_up", ["service"]);
    const missing = gauge("verify_fixture_never_scraped", ["service"]);
    const down = alert("FixtureDown", {
      expr: max(up).by("service").eq(0),
      severity: "warning",
      summary: "A fixture service is down.",
      description: (t) => `${t.labels.service} is down.`,
      runbookUrl: "https://runbooks.example.com/fixture#fixturedown",
    });
    const recordsNothing = record(
      "service:verify_fixture_never_scraped:max",
      max(missing).by("service"),
    );
    const report = await verifyLive([
      {
        name: "fixture",
        groups: [group("fixture", [recordsNothing, down])],
        scenarios: [
          scenario("down", {
            series: [series(up, { service: "api" }, steady(0, 20))],
            expect: [expectAlert(down, "5m", { service: "api" })],
          }),
          scenario("up", {
            series: [series(up, { service: "web" }, steady(1, 20))],
            expect: [expectNoAlert(down, "5m")],
          }),
        ],
        dashboards: [
          dashboard("Fixture").panels(
            timeSeriesPanel("Up", { unit: "none", description: "Up per service." }).query(
              max(up).by("service"),
              { legend: "{{service}}" },
            ),
            timeSeriesPanel("Never scraped", { unit: "none", description: "No data." }).query(
              max(missing).by("service"),
              { legend: "{{service}}" },
            ),
          ),
        ],
      },
    ]);
    expect(report.targets).toBe(2);
    expect(report.problems.map((p) => p.where).sort()).toEqual([
      "Fixture / Never scraped (A)",
      "fixture rule service:verify_fixture_never_scraped:max",
    ]);
    expect(report.problems.find((p) => p.where.startsWith("Fixture"))?.message).toContain(
      "no data for: max by (service) (verify_fixture_never_scraped)",
    );
  }, 120_000);
});
