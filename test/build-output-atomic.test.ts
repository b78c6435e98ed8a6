/**
 * Writing the output folder all or nothing, on real files: a folder that cannot be written fails
 * the build with one line and leaves every file as it was (the built bin, run as a user whom file
 * permissions bind); a failure in the middle of replacing files undoes the replaced ones; two
 * builds into one folder at once leave it matching one of them; the lock waits for a running
 * build, gives up with a clear line, and takes over the lock of one that is gone.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileSystemErrorText, isFileSystemError } from "../src/generate/io-error.js";
import { applyOutput, planOutput } from "../src/generate/output.js";
import { buildProjectWith } from "../src/generate/project.js";
import { applyChanges } from "../src/generate/transaction.js";
import { shippedMixins } from "../src/mixins/index.js";
import type { Io } from "../src/cli/io.js";
import { runCli } from "../src/cli/run.js";
import { linkedProject } from "./fixtures/linked-project.js";
import { runAsync } from "./fixtures/run-async.js";
import { handOver, tempFolder, unprivileged } from "./fixtures/unprivileged.js";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "dist/cli/main.js");
const tmp = tempFolder("mixkit-atomic-");
const project = path.join(tmp, "project");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Two configs that share no mixin, so each build replaces or removes every file of the other. */
const configs = {
  a: { outDir: "out", mixins: { spire: {}, flux: {} } },
  b: {
    outDir: "out",
    mixins: { "external-secrets": {}, "progressive-delivery": {} },
    outputs: { thanos: true },
  },
  /** a, with a file more in every rules folder. */
  aThanos: { outDir: "out", mixins: { spire: {}, flux: {} }, outputs: { thanos: true } },
} as const;
type Name = keyof typeof configs;
const built = (name: Name) => buildProjectWith(configs[name], shippedMixins).files;

beforeAll(() => {
  linkedProject(
    project,
    Object.fromEntries(
      Object.entries(configs).map(([name, config]) => [
        `${name}.config.ts`,
        `export default ${JSON.stringify(config)};\n`,
      ]),
    ),
  );
  handOver(project, bin);
});

/** The built bin in the project, as the unprivileged user where the tests are root. */
const mixkit = (args: readonly string[], env: Record<string, string> = {}) =>
  runAsync(process.execPath, [bin, ...args], project, {
    ...unprivileged,
    env: { ...process.env, ...env },
  });

/** `build` of config `name` into the project's folder `out`. */
const build = (name: Name, out: string, env: Record<string, string> = {}) =>
  mixkit(["build", "--config", `${name}.config.ts`, "--out", out], env);

/** `check` in process: its exit code and what it printed. */
async function check(name: Name, out: string) {
  const lines: string[] = [];
  const io: Io = { cwd: project, out: (t) => lines.push(t), err: (t) => lines.push(t) };
  const code = await runCli(["check", "--config", `${name}.config.ts`, "--out", out], io);
  return { code, out: lines.join("\n") };
}

/** Every file and folder under `dir`: a file with its modification time and text. */
function state(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .map((e) => path.join(e.parentPath, e.name))
      .sort()
      .map((f) => {
        const rel = path.relative(dir, f).split(path.sep).join("/");
        const stat = statSync(f);
        return [rel, stat.isFile() ? `${stat.mtimeMs} ${readFileSync(f, "utf8")}` : "folder"];
      }),
  );
}

/** Every file under `dir` and its text. */
function files(dir: string): Map<string, string> {
  return new Map(
    [...state(dir)]
      .filter(([, s]) => s !== "folder")
      .map(([rel, s]) => [rel, s.slice(s.indexOf(" ") + 1)]),
  );
}

/** Writes the build of `name` into `out` (under the project) in process, and hands it over. */
function prebuilt(name: Name, out: string): string {
  const dir = path.join(project, out);
  const files = built(name);
  applyOutput(dir, files, planOutput(dir, files));
  handOver(dir, bin);
  return dir;
}

describe("a folder that cannot be written", () => {
  it.concurrent(
    "fails the build with one line naming the file, and every file stays as it was",
    async () => {
      const dir = prebuilt("a", "ro-write");
      chmodSync(path.join(dir, "rules/spire"), 0o555);
      const before = state(dir);
      // Every rules folder gets a file: flux's is staged before spire's fails.
      const r = await build("aThanos", "ro-write");
      expect(r.err).toBe(
        "mixkit build: cannot write ro-write/rules/spire/spire.thanos.yaml: permission denied (EACCES); nothing was written\n",
      );
      expect(r.code).toBe(2);
      expect(state(dir)).toEqual(before);
      expect((await check("a", "ro-write")).code).toBe(0);
    },
  );

  it.concurrent(
    "fails the build when a stale file cannot be removed, and every file stays as it was",
    async () => {
      const dir = prebuilt("b", "ro-remove");
      chmodSync(path.join(dir, "rules/progressive-delivery"), 0o555);
      const before = state(dir);
      // a writes its files (into new folders) and removes all of b's.
      const r = await build("a", "ro-remove");
      expect(r.err).toMatch(
        /^mixkit build: cannot remove ro-remove\/rules\/progressive-delivery\/\S+: permission denied \(EACCES\); nothing was written\n$/,
      );
      expect(r.code).toBe(2);
      expect(state(dir)).toEqual(before);
      expect((await check("b", "ro-remove")).code).toBe(0);
    },
  );

  it.concurrent(
    "fails a first build into a read-only folder with one line, and init too",
    async () => {
      const dir = path.join(project, "ro-empty");
      mkdirSync(dir);
      handOver(dir, bin);
      chmodSync(dir, 0o555);
      const [first, init] = await Promise.all([
        build("a", "ro-empty"),
        runAsync(process.execPath, [bin, "init"], dir, unprivileged),
      ]);
      expect(first.err).toBe(
        "mixkit build: cannot write ro-empty/.mixkit-build.lock: permission denied (EACCES); nothing was written\n",
      );
      expect(first.code).toBe(2);
      expect(init.err).toBe(
        "mixkit init: cannot write mixkit.config.ts: permission denied (EACCES)\n",
      );
      expect(init.code).toBe(2);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe("a file that cannot be read", () => {
  it.concurrent("fails check with one line naming it", async () => {
    const dir = prebuilt("a", "unreadable");
    chmodSync(path.join(dir, "rules/spire/spire.rules.yaml"), 0o000);
    const r = await mixkit(["check", "--config", "a.config.ts", "--out", "unreadable"]);
    expect(r.err).toBe(
      "mixkit check: cannot open unreadable/rules/spire/spire.rules.yaml: permission denied (EACCES)\n",
    );
    expect(r.code).toBe(2);
  });
});

describe("a failure while replacing files", () => {
  it("puts back the files already replaced and removes the folders it made", () => {
    const dir = mkdtempSync(path.join(tmp, "undo-"));
    mkdirSync(path.join(dir, "old"));
    writeFileSync(path.join(dir, "old/kept.yaml"), "old text\n");
    writeFileSync(path.join(dir, "old/gone.yaml"), "stale\n");
    // A folder where a file goes: staging beside it works, replacing it does not.
    mkdirSync(path.join(dir, "zz-folder/inside"), { recursive: true });
    const before = state(dir);
    let error: unknown;
    try {
      applyChanges([
        { write: path.join(dir, "old/kept.yaml"), text: "new text\n" },
        { write: path.join(dir, "new/deeper/file.yaml"), text: "new\n" },
        { remove: path.join(dir, "old/gone.yaml") },
        { write: path.join(dir, "zz-folder"), text: "a file\n" },
      ]);
    } catch (err) {
      error = err;
    }
    expect(isFileSystemError(error)).toBe(true);
    expect(fileSystemErrorText(error as never, (f) => path.relative(dir, f))).toMatch(
      /^cannot write zz-folder: /,
    );
    expect(state(dir)).toEqual(before);
  });

  it("names paths and causes in words", () => {
    const failure = (code: string, syscall: string, extra: object = {}) =>
      fileSystemErrorText(
        Object.assign(new Error("x"), { code, syscall, path: "/o/a", ...extra }) as never,
        (f) => f.slice(3),
      );
    expect(failure("EROFS", "open")).toBe("cannot open a: the file system is read-only (EROFS)");
    expect(failure("EROFS", "write")).toBe("cannot write a: the file system is read-only (EROFS)");
    expect(failure("ENOSPC", "write")).toBe("cannot write a: no space left on the device (ENOSPC)");
    expect(failure("EEXIST", "mkdir")).toBe(
      "cannot create the folder a: a file is in the way (EEXIST)",
    );
    expect(failure("EACCES", "rename", { dest: "/o/b" })).toBe(
      "cannot replace b: permission denied (EACCES)",
    );
    expect(failure("EWHAT", "unlink")).toBe("cannot remove a: EWHAT");
  });
});

/** Preloaded, it makes builds wait at their first look at a folder, and slows their writes there. */
const barrier = path.join(root, "test/fixtures/race/barrier.mjs");

/** A folder for builds into `out` to meet in, and the environment that tells them (barrier.mjs). */
function meetingPlace(out: string) {
  const meeting = path.join(tmp, `${out}-barrier`);
  mkdirSync(meeting);
  handOver(meeting, bin);
  const env = {
    ...process.env,
    MIXKIT_TEST_OUT: path.join(project, out),
    MIXKIT_TEST_BARRIER: meeting,
  };
  /** Lets them go once `count` builds are there. */
  const go = async (count: number) => {
    while (readdirSync(meeting).length < count) await sleep(5);
    writeFileSync(path.join(meeting, "go"), "");
  };
  return { env, go };
}

describe("builds into one folder at once", () => {
  /** Builds a and b into `out` at once, meeting on the folder, not one after the other. */
  async function race(out: string) {
    const { env, go } = meetingPlace(out);
    const run = (name: Name) =>
      runAsync(
        process.execPath,
        ["--import", barrier, bin, "build", "--config", `${name}.config.ts`, "--out", out],
        project,
        { ...unprivileged, env },
      );
    const builds = Promise.all([run("a"), run("b")]);
    await go(2);
    return builds;
  }

  it("leave it matching one config exactly, with a kustomization of files that exist", async () => {
    const trials = ["race-0", "race-1", "race-2"];
    // From a third build, so that both have files to write and files to remove.
    const dirs = trials.map((out) => prebuilt("aThanos", out));
    const runs = await Promise.all(trials.map(race));
    const expected = { a: built("a"), b: built("b") };
    for (const [i, [a, b]] of runs.entries()) {
      expect([a.code, b.code], `${trials[i]}: ${a.err}${b.err}`).toEqual([0, 0]);
      const now = files(dirs[i] as string);
      const winner = (["a", "b"] as const).filter((name) => {
        const want = expected[name];
        return now.size === want.size && [...want].every(([rel, text]) => now.get(rel) === text);
      });
      expect(winner, `${trials[i]} matches exactly one config`).toHaveLength(1);
      const kustomization = parse(now.get("kustomization.yaml") as string) as {
        resources: string[];
      };
      for (const file of kustomization.resources) expect(now.has(file), file).toBe(true);
      const checked = await check(winner[0] as Name, trials[i] as string);
      expect(checked.out).toContain("match");
      expect(checked.code).toBe(0);
    }
  });
});

describe("the lock", () => {
  const lockOf = (dir: string) => path.join(dir, ".mixkit-build.lock");
  const lockText = (pid: number) => `${JSON.stringify({ pid, host: hostname() })}\n`;
  const sleeper = spawn("sleep", ["120"], { stdio: "ignore" });
  afterAll(() => sleeper.kill());
  const live = sleeper.pid as number;

  it.concurrent("of a build that is gone is taken over", async () => {
    const dir = prebuilt("a", "stale");
    const gone = spawnSync("true").pid as number;
    writeFileSync(lockOf(dir), lockText(gone));
    const r = await build("b", "stale");
    expect(r.err).toBe(
      `mixkit build: took over stale/.mixkit-build.lock from pid ${gone}, which is no longer running\n`,
    );
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).not.toContain(".mixkit-build.lock");
    expect((await check("b", "stale")).code).toBe(0);
  });

  it.concurrent(
    "of a running build makes a build wait, then write once it is released",
    async () => {
      const dir = prebuilt("a", "held");
      writeFileSync(lockOf(dir), lockText(live));
      const before = state(dir);
      const child = spawn(
        process.execPath,
        [bin, "build", "--config", "b.config.ts", "--out", "held"],
        {
          ...unprivileged,
          cwd: project,
          env: { ...process.env, MIXKIT_LOCK_WAIT: "60" },
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let err = "";
      const waiting = new Promise<void>((resolve) =>
        child.stderr?.on("data", (b: Buffer) => {
          err += b.toString();
          if (err.includes("waiting for")) resolve();
        }),
      );
      const code = new Promise((resolve) => child.once("close", resolve));
      await waiting;
      expect(state(dir)).toEqual(before);
      // The holder finishes.
      rmSync(lockOf(dir));
      expect(await code).toBe(0);
      expect(err).toBe(
        `mixkit build: waiting for held/.mixkit-build.lock, held by pid ${live} (another mixkit build)\n`,
      );
      expect(readdirSync(dir)).not.toContain(".mixkit-build.lock");
      expect((await check("b", "held")).code).toBe(0);
    },
  );

  it.concurrent(
    "of a running build that does not finish fails the build with one line, and is no drift",
    async () => {
      const dir = prebuilt("a", "busy");
      writeFileSync(lockOf(dir), lockText(live));
      const before = state(dir);
      const r = await build("b", "busy", { MIXKIT_LOCK_WAIT: "0.2" });
      expect(r.err).toBe(
        `mixkit build: waiting for busy/.mixkit-build.lock, held by pid ${live} (another mixkit build)\n` +
          `mixkit build: busy/.mixkit-build.lock is held by pid ${live}, another mixkit build, which did not finish within 0.2 s; nothing was written; if no build is running, delete the file\n`,
      );
      expect(r.code).toBe(2);
      expect(state(dir)).toEqual(before);
      const checked = await check("a", "busy");
      expect(checked.out).not.toContain("lock");
      expect(checked.code).toBe(0);
    },
  );
});

describe("Ctrl-C while a build writes", () => {
  it("ends the build once the folder is written and the lock released", async () => {
    const dir = prebuilt("aThanos", "interrupted");
    const { env, go } = meetingPlace("interrupted");
    const child = spawn(
      process.execPath,
      ["--import", barrier, bin, "build", "--config", "b.config.ts", "--out", "interrupted"],
      { ...unprivileged, cwd: project, env, stdio: "ignore" },
    );
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("close", (_, signal) => resolve(signal)),
    );
    await go(1);
    // The lock is taken: the build is writing (slowed by the barrier), and is stopped there.
    while (!readdirSync(dir).includes(".mixkit-build.lock")) await sleep(1);
    child.kill("SIGINT");
    expect(await ended).toBe("SIGINT");
    expect(files(dir)).toEqual(built("b"));
    expect((await check("b", "interrupted")).code).toBe(0);
  });
});
