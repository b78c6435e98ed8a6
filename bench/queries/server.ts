/**
 * The benchmark's Prometheus: Debian's binary on 127.0.0.1 with a free port and a data directory
 * the benchmark fills itself (blocks written by promtool before the start). Unlike the test harness
 * it keeps the data directory across restarts, because the recording-rule history is backfilled
 * from one server and served by the next. Every started server is stopped by its PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { findPrometheus } from "../../src/testing/prometheus-server.js";

export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every server still running (SIGKILL): for exits that skip the `finally` blocks. */
export function killAllStarted(): void {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startServer(options: {
  readonly dir: string;
  readonly dataDir: string;
  readonly ruleFiles?: readonly string[];
  readonly evaluationInterval: string;
  readonly timeoutMs?: number;
}): Promise<BenchServer> {
  const config = path.join(options.dir, "prometheus.yml");
  writeFileSync(
    config,
    JSON.stringify({
      global: { evaluation_interval: options.evaluationInterval },
      rule_files: options.ruleFiles ?? [],
      // Rule results at the wall clock fall inside the backfilled blocks: accepting them out of
      // order lets every evaluation append as a real server does, instead of failing each sample.
      storage: { tsdb: { out_of_order_time_window: "2h" } },
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child = spawn(
    findPrometheus(),
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${options.dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=30d",
      // A range query over the whole fleet returns more samples than the default allows.
      "--query.max-samples=200000000",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  const stop = async () => {
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited(child);
    clearTimeout(killer);
  };
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited at start:\n${log}`);
      try {
        if ((await fetch(`${url}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus did not get ready:\n${log}`);
      await sleep(200);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid ?? -1, stop };
}

/** Resident memory of a process from /proc/<pid>/status, in bytes: peak (VmHWM) and current (VmRSS). */
export function processMemory(pid: number): { readonly hwm: number; readonly rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { hwm: kb("VmHWM") * 1024, rss: kb("VmRSS") * 1024 };
}

/** One sample of the server's own /metrics (the first series of that name). */
export async function selfMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : NaN;
}
