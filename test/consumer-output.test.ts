/**
 * The output folder of the installed package, written all or nothing: through the installed bin,
 * a read-only subfolder (as a user whom permissions bind) fails the build with one line and leaves
 * every file as it was, and two builds of different configs into one folder at once leave it
 * matching one of them.
 */
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedProject } from "./fixtures/installed-package.js";
import { snapshot } from "./fixtures/file-tree.js";
import { runAsync } from "./fixtures/run-async.js";
import { handOver, unprivileged } from "./fixtures/unprivileged.js";

const root = path.resolve(import.meta.dirname, "..");
const { tmp, project } = installedProject();
const bin = path.join(project, "node_modules/.bin/mixkit");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Configs as a user writes them, sharing no mixin: each build replaces or removes the other's files. */
const configs: Record<string, string> = {
  "a.config.ts": `import { defineConfig } from "mixkit";

export default defineConfig({
  outDir: "deploy/monitoring",
  mixins: { spire: {}, flux: {} },
});
`,
  "b.config.ts": `import { defineConfig } from "mixkit";

export default defineConfig({
  outDir: "deploy/monitoring",
  mixins: { "external-secrets": {}, "progressive-delivery": {} },
  outputs: { thanos: true },
});
`,
  "a-thanos.config.ts": `import { defineConfig } from "mixkit";

export default defineConfig({
  outDir: "deploy/monitoring",
  mixins: { spire: {}, flux: {} },
  outputs: { thanos: true },
});
`,
};

beforeAll(() => {
  for (const [file, text] of Object.entries(configs)) writeFileSync(path.join(project, file), text);
  // The whole temp folder: the bin as nobody must reach the project through it.
  handOver(tmp, bin);
});

/** The installed bin as the unprivileged user, with `env` added. */
const mixkit = (args: readonly string[], env: Record<string, string> = {}) =>
  runAsync(bin, args, project, { ...unprivileged, env: { ...process.env, ...env } });

describe("the installed package's output folder", () => {
  it("is left as it was, with one line and exit 2, when a subfolder is read-only", async () => {
    const built = await mixkit(["build", "--config", "a.config.ts", "--out", "read-only"]);
    expect(built.code, built.err).toBe(0);
    const out = path.join(project, "read-only");
    chmodSync(path.join(out, "rules/spire"), 0o555);
    const before = snapshot(out);
    const r = await mixkit(["build", "--config", "a-thanos.config.ts", "--out", "read-only"]);
    expect(r.err).toBe(
      "mixkit build: cannot write read-only/rules/spire/spire.thanos.yaml: permission denied (EACCES); nothing was written\n",
    );
    expect(r.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
    expect((await mixkit(["check", "--config", "a.config.ts", "--out", "read-only"])).code).toBe(0);
  });

  it("matches one config after two builds of different configs at once", async () => {
    const prior = await mixkit(["build", "--config", "a-thanos.config.ts"]);
    expect(prior.code, prior.err).toBe(0);
    const out = path.join(project, "deploy/monitoring");
    // Both builds wait at their first look at the folder until both are there, then go at once.
    const meeting = path.join(tmp, "barrier");
    mkdirSync(meeting);
    handOver(meeting, bin);
    const env = {
      NODE_OPTIONS: `--import ${path.join(root, "test/fixtures/race/barrier.mjs")}`,
      MIXKIT_TEST_OUT: out,
      MIXKIT_TEST_BARRIER: meeting,
    };
    const builds = Promise.all([
      mixkit(["build", "--config", "a.config.ts"], env),
      mixkit(["build", "--config", "b.config.ts"], env),
    ]);
    while (readdirSync(meeting).length < 2) await sleep(10);
    writeFileSync(path.join(meeting, "go"), "");
    const [a, b] = await builds;
    expect([a.code, b.code], a.err + b.err).toEqual([0, 0]);

    const [checkA, checkB] = await Promise.all([
      mixkit(["check", "--config", "a.config.ts"]),
      mixkit(["check", "--config", "b.config.ts"]),
    ]);
    expect([checkA.code, checkB.code].sort()).toEqual([0, 1]);
    const kustomization = parse(readFileSync(path.join(out, "kustomization.yaml"), "utf8")) as {
      resources: string[];
    };
    for (const file of kustomization.resources)
      expect(statSync(path.join(out, file), { throwIfNoEntry: false })?.isFile(), file).toBe(true);
    expect(readdirSync(out)).not.toContain(".mixkit-build.lock");
  });
});
