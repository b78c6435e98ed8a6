/**
 * The command's start and the watch loop, each against its floor measured in the same run:
 * `node -e 0`, cold `mixkit build` and `mixkit check` of this repository in rotating rounds (so the
 * machine's noise falls on all three alike), and the time from a one-line change of a config to the
 * rebuilt files under `mixkit build --watch`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runOk } from "./processes.js";
import { median } from "./stats.js";

export interface StartResult {
  /** The Node.js that ran the three: its version. */
  readonly node: string;
  readonly floorMs: number;
  readonly buildMs: number;
  readonly checkMs: number;
  readonly rounds: number;
}

/** `rounds` rounds of node -e 0, mixkit build (into a new folder) and mixkit check, with `node`. */
export async function cliStart(
  root: string,
  rounds: number,
  node = process.execPath,
): Promise<StartResult> {
  const bin = path.join(root, "dist", "cli", "main.js");
  const floor: number[] = [];
  const build: number[] = [];
  const check: number[] = [];
  const runs = [
    async () => floor.push((await runOk(node, ["-e", "0"], root)).wallMs),
    async () => {
      const out = mkdtempSync(path.join(tmpdir(), "mixkit-bench-start-"));
      try {
        build.push((await runOk(node, [bin, "build", "--out", out], root)).wallMs);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    async () => check.push((await runOk(node, [bin, "check"], root)).wallMs),
  ];
  // One untimed round: the disk cache and the strip cache warm, as they are for a user.
  for (const r of runs) await r();
  floor.length = build.length = check.length = 0;
  for (let i = 0; i < rounds; i++)
    for (let j = 0; j < runs.length; j++) await runs[(i + j) % runs.length]!();
  const version = (await runOk(node, ["--version"], root)).stdout.trim();
  return {
    node: version,
    floorMs: median(floor),
    buildMs: median(build),
    checkMs: median(check),
    rounds,
  };
}

export interface WatchResult {
  /** From writing the config to the round's line, printed once its files are written. */
  readonly rebuildMs: number;
  readonly rounds: number;
  readonly line: string;
}

/**
 * `mixkit build --watch` on a copy of this repository's config (every shipped mixin), changed one
 * line at a time (the SPIRE CA threshold, so every round writes files).
 */
export async function watchRebuild(root: string, rounds: number): Promise<WatchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-bench-watch-"));
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(root, path.join(dir, "node_modules", "mixkit"));
  writeFileSync(path.join(dir, "package.json"), '{ "name": "bench-watch", "type": "module" }\n');
  const config = path.join(dir, "mixkit.config.ts");
  // This repository's config (every shipped mixin), with one line that changes.
  const variant = (hours: number) =>
    [
      'import { defineConfig, shippedMixinNames } from "mixkit";',
      "export default defineConfig({",
      "  mixins: {",
      "    ...Object.fromEntries(shippedMixinNames.map((name) => [name, {}])),",
      `    spire: { caTTL: "96h", caExpiringSoon: { within: "${hours}h" } },`,
      "  },",
      '  outputs: { configMap: { namespace: "monitoring", folder: "Platform" }, kustomization: false },',
      "});",
      "",
    ].join("\n");
  writeFileSync(config, variant(6));

  const child = spawn(process.execPath, [path.join(root, "dist/cli/main.js"), "build", "--watch"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let pending: ((line: string) => void) | undefined;
  let rest = "";
  let last = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines)
      if (line.startsWith("mixkit build:")) {
        last = line;
        pending?.(line);
      }
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`bench: no watch round in 30 s:\n${errors}`)),
        30_000,
      );
      pending = (line) => {
        clearTimeout(timer);
        pending = undefined;
        resolve(line);
      };
    });
  try {
    await nextLine();
    const samples: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const next = nextLine();
      const start = performance.now();
      writeFileSync(config, variant(i % 2 === 0 ? 7 : 6));
      const line = await next;
      if (!/ written,|^mixkit build: written /.test(line))
        throw new Error(`bench: a round wrote nothing: ${line}`);
      if (i > 0) samples.push(performance.now() - start);
      // Let the watcher settle between changes, as an editor's saves are apart.
      await new Promise((r) => setTimeout(r, 150));
    }
    return { rebuildMs: median(samples), rounds, line: last };
  } finally {
    child.kill("SIGINT");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}
