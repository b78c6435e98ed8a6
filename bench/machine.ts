/** The machine and the versions a benchmark ran on, for BENCHMARKS.md. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
  readonly node: string;
  readonly versions: Readonly<Record<string, string>>;
}

function packageVersion(name: string): string {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version.replace(/^v/, "");
}

function promtoolVersion(): string {
  try {
    const out = execFileSync("promtool", ["--version"], { encoding: "utf8", stdio: "pipe" });
    return /version (\S+)/.exec(out)?.[1] ?? "unknown";
  } catch {
    return "not installed";
  }
}

export function machine(): Machine {
  const own = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    versions: {
      mixkit: own.version,
      "@grafana/grafana-foundation-sdk": packageVersion("@grafana/grafana-foundation-sdk"),
      "@grafana/schema": packageVersion("@grafana/schema"),
      zod: packageVersion("zod"),
      tsx: packageVersion("tsx"),
      promtool: promtoolVersion(),
    },
  };
}
