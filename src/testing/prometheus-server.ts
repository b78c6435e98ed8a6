/**
 * A real Prometheus server for tests and verification: Debian's `prometheus` binary on 127.0.0.1
 * with a free port, a temporary data directory holding the fixture series (written as blocks by
 * `promtool tsdb create-blocks-from openmetrics`) and the rule files under test. `stop()` kills it
 * by PID and removes its directory; call it in a `finally` or `afterAll`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { findPromtool } from "./promtool.js";

export const prometheusInstallHint =
  "prometheus not found on PATH; install it with: sudo apt-get install prometheus (Debian/Ubuntu), or put a Prometheus release's binary on PATH";

export class PrometheusMissingError extends Error {
  override readonly name = "PrometheusMissingError";
  constructor() {
    super(prometheusInstallHint);
  }
}

/** The path of `prometheus` on PATH (or $PROMETHEUS), or a PrometheusMissingError. */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env["PROMETHEUS"];
  const candidates = explicit
    ? [explicit]
    : (env["PATH"] ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, "prometheus"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new PrometheusMissingError();
}

export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
}

export interface QueryResult {
  readonly resultType: "vector" | "matrix" | "scalar" | "string";
  readonly result: readonly PromSample[] | readonly unknown[];
}

export interface RuleGroupStatus {
  readonly name: string;
  readonly lastEvaluation: string;
  readonly rules: readonly {
    readonly name: string;
    readonly health: string;
    readonly lastError?: string;
    readonly type: string;
  }[];
}

export interface PrometheusServer {
  readonly url: string;
  readonly pid: number;
  /** The temporary directory of its config, rules and data; removed by stop(). */
  readonly dir: string;
  /** An instant query; throws with Prometheus' error text when the query fails. */
  query(expr: string, timeSec?: number): Promise<QueryResult>;
  queryRange(expr: string, startSec: number, endSec: number, stepSec: number): Promise<QueryResult>;
  labelValues(label: string, match: string): Promise<string[]>;
  ruleGroups(): Promise<RuleGroupStatus[]>;
  /** Waits until every rule group has been evaluated at least `times` times since the start. */
  waitForRuleEvaluations(times?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Rule files by file name. */
  readonly ruleFiles?: Readonly<Record<string, string>>;
  /** OpenMetrics text of the series to serve (see toOpenMetrics). */
  readonly fixtures?: string;
  /** Rule evaluation interval (default 5s, so tests do not wait long). */
  readonly evaluationInterval?: string;
  readonly startTimeoutMs?: number;
  /**
   * More of prometheus.yml: `scrape_configs`, `remote_write`, and `global` settings (e.g.
   * `external_labels`, `scrape_interval`) beside the evaluation interval.
   */
  readonly config?: { readonly global?: Readonly<Record<string, unknown>> } & Readonly<
    Record<string, unknown>
  >;
  /** More command-line flags, e.g. `--web.enable-remote-write-receiver`. */
  readonly flags?: readonly string[];
  /**
   * The `--web.config.file` text (e.g. `basic_auth_users`): the server then refuses requests
   * without credentials, so readiness is judged by its answering at all.
   */
  readonly webConfig?: string;
}

/** A port on 127.0.0.1 nobody listens on now. */
export function freePort(): Promise<number> {
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

/** Runs a command to its end without blocking the event loop (other servers may be starting). */
function run(
  command: string,
  args: readonly string[],
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output }));
  });
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data?: T; error?: string };
  if (body.status !== "success") throw new Error(`Prometheus: ${body.error ?? response.status}`);
  return body.data as T;
}

/** Resolves once the process has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startPrometheus(options: StartOptions = {}): Promise<PrometheusServer> {
  const binary = findPrometheus();
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-prometheus-"));
  const dataDir = path.join(dir, "data");
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  let child: ChildProcess | undefined;
  try {
    const ruleFiles = Object.entries(options.ruleFiles ?? {}).map(([name, text]) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    });
    writeFileSync(
      path.join(dir, "prometheus.yml"),
      JSON.stringify({
        ...options.config,
        global: {
          evaluation_interval: options.evaluationInterval ?? "5s",
          ...options.config?.global,
        },
        rule_files: ruleFiles,
      }),
    );
    if (options.fixtures !== undefined) {
      const fixture = path.join(dir, "fixtures.om");
      writeFileSync(fixture, options.fixtures);
      const r = await run(findPromtool(), [
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        fixture,
        dataDir,
      ]);
      if (r.status !== 0)
        throw new Error(`promtool could not write the fixture blocks:\n${r.output}`);
    }
    const webConfigFile = path.join(dir, "web.yml");
    if (options.webConfig !== undefined) writeFileSync(webConfigFile, options.webConfig);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let log = "";
    child = spawn(
      binary,
      [
        `--config.file=${path.join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--storage.tsdb.retention.time=30d",
        ...(options.webConfig === undefined ? [] : [`--web.config.file=${webConfigFile}`]),
        ...(options.flags ?? []),
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    });
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited at start:\n${log}`);
      try {
        const ready = await fetch(`${url}/-/ready`);
        if (ready.ok || (options.webConfig !== undefined && ready.status === 401)) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus did not get ready:\n${log}`);
      await sleep(200);
    }
    const running = child;
    const startedAt = Date.now();
    const server: PrometheusServer = {
      url,
      pid: running.pid ?? -1,
      dir,
      async query(expr, timeSec) {
        const params = new URLSearchParams({ query: expr });
        if (timeSec !== undefined) params.set("time", String(timeSec));
        return api<QueryResult>(`${url}/api/v1/query?${params}`);
      },
      async queryRange(expr, startSec, endSec, stepSec) {
        const params = new URLSearchParams({
          query: expr,
          start: String(startSec),
          end: String(endSec),
          step: String(stepSec),
        });
        return api<QueryResult>(`${url}/api/v1/query_range?${params}`);
      },
      async labelValues(label, match) {
        const params = new URLSearchParams({ "match[]": match });
        return api<string[]>(`${url}/api/v1/label/${encodeURIComponent(label)}/values?${params}`);
      },
      async ruleGroups() {
        return (await api<{ groups: RuleGroupStatus[] }>(`${url}/api/v1/rules`)).groups;
      },
      async waitForRuleEvaluations(times = 2, timeoutMs = 60_000) {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const groups = await server.ruleGroups();
          // lastEvaluation moves with each evaluation; `times` evaluations have happened once it
          // is at least (times - 1) intervals after the start.
          const interval = parseFloat(options.evaluationInterval ?? "5") * 1000;
          const done = groups.every(
            (g) => Date.parse(g.lastEvaluation) >= startedAt + (times - 1) * interval,
          );
          if (done) return;
          if (Date.now() > until) throw new Error("rule groups were not evaluated in time");
          await sleep(100);
        }
      },
      async stop() {
        running.kill("SIGTERM");
        const killer = setTimeout(() => running.kill("SIGKILL"), 10_000);
        await exited(running);
        clearTimeout(killer);
        cleanUp();
      },
    };
    return server;
  } catch (err) {
    if (child) {
      child.kill("SIGKILL");
      await exited(child);
    }
    cleanUp();
    throw err;
  }
}
