/**
 * The real Alertmanager for tests: `amtool` and the server from Debian's `prometheus-alertmanager`
 * package (which names the server `prometheus-alertmanager`). A missing binary is an error with an
 * install hint, never a skipped check. The server binds 127.0.0.1 on a free port with a temporary
 * directory and no cluster listener; `stop()` kills it by PID and removes its directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exited, freePort } from "./prometheus-server.js";

export const alertmanagerInstallHint =
  "amtool/alertmanager not found on PATH; install them with: sudo apt-get install prometheus-alertmanager (Debian/Ubuntu), or put an Alertmanager release's binaries on PATH";

export class AlertmanagerMissingError extends Error {
  override readonly name = "AlertmanagerMissingError";
  constructor(what: string) {
    super(`${what}: ${alertmanagerInstallHint}`);
  }
}

function findOnPath(
  env: NodeJS.ProcessEnv,
  variable: string,
  names: readonly string[],
): string | undefined {
  const explicit = env[variable];
  const dirs = (env["PATH"] ?? "").split(path.delimiter).filter(Boolean);
  const candidates = explicit ? [explicit] : names.flatMap((n) => dirs.map((d) => path.join(d, n)));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** The path of `amtool` on PATH (or $AMTOOL), or an AlertmanagerMissingError. */
export function findAmtool(env: NodeJS.ProcessEnv = process.env): string {
  const found = findOnPath(env, "AMTOOL", ["amtool"]);
  if (found === undefined) throw new AlertmanagerMissingError("amtool");
  return found;
}

/** The Alertmanager server on PATH (or $ALERTMANAGER), or an AlertmanagerMissingError. */
export function findAlertmanager(env: NodeJS.ProcessEnv = process.env): string {
  const found = findOnPath(env, "ALERTMANAGER", ["alertmanager", "prometheus-alertmanager"]);
  if (found === undefined) throw new AlertmanagerMissingError("alertmanager");
  return found;
}

/** Runs amtool to its end; its output is kept whole for the test's message. */
export function runAmtool(args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(findAmtool(), args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ ok: status === 0, output }));
  });
}

export interface AlertStatus {
  readonly labels: Readonly<Record<string, string>>;
  readonly status: {
    readonly state: string;
    readonly inhibitedBy: readonly string[];
    readonly silencedBy: readonly string[];
  };
  readonly fingerprint: string;
}

export interface AlertmanagerServer {
  readonly url: string;
  readonly pid: number;
  /** Writes `config` (alertmanager.yml text) and reloads; throws with the server's answer. */
  reload(config: string): Promise<void>;
  /** Posts alerts firing for the next hour (v2 API). */
  fire(alerts: readonly Readonly<Record<string, string>>[]): Promise<void>;
  /** Posts every alert fired so far as resolved: none of them inhibits any more. */
  resolveAll(): Promise<void>;
  /** Every alert the server holds, with its inhibition status. */
  alerts(): Promise<AlertStatus[]>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startAlertmanager(config: string): Promise<AlertmanagerServer> {
  const binary = findAlertmanager();
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-alertmanager-"));
  const configFile = path.join(dir, "alertmanager.yml");
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  let child: ChildProcess | undefined;
  try {
    writeFileSync(configFile, config);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let log = "";
    child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // No gossip: the default would bind 0.0.0.0:9094.
        "--cluster.listen-address=",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`alertmanager exited at start:\n${log}`);
      try {
        if ((await fetch(`${url}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`alertmanager did not get ready:\n${log}`);
      await sleep(100);
    }
    const running = child;
    const fired: Record<string, string>[] = [];
    const post = async (alerts: readonly Readonly<Record<string, string>>[], endsAt: Date) => {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(
          alerts.map((labels) => ({
            labels,
            startsAt: new Date(Date.now() - 60_000).toISOString(),
            endsAt: endsAt.toISOString(),
          })),
        ),
      });
      if (!response.ok)
        throw new Error(`alertmanager refused the alerts: ${await response.text()}`);
    };
    return {
      url,
      pid: running.pid ?? -1,
      async reload(text) {
        writeFileSync(configFile, text);
        const response = await fetch(`${url}/-/reload`, { method: "POST" });
        if (!response.ok)
          throw new Error(`alertmanager refused the config: ${await response.text()}`);
      },
      async fire(alerts) {
        fired.push(...alerts.map((a) => ({ ...a })));
        await post(alerts, new Date(Date.now() + 3_600_000));
      },
      async resolveAll() {
        if (fired.length > 0) await post(fired.splice(0), new Date(Date.now() - 1_000));
      },
      async alerts() {
        const response = await fetch(
          `${url}/api/v2/alerts?active=true&inhibited=true&silenced=true`,
        );
        return (await response.json()) as AlertStatus[];
      },
      async stop() {
        running.kill("SIGTERM");
        const killer = setTimeout(() => running.kill("SIGKILL"), 10_000);
        await exited(running);
        clearTimeout(killer);
        cleanUp();
      },
    };
  } catch (err) {
    if (child) {
      child.kill("SIGKILL");
      await exited(child);
    }
    cleanUp();
    throw err;
  }
}
