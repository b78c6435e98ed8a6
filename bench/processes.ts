/** Child processes for the benchmark: run one, time it, and read its peak RSS. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export interface ProcessResult {
  readonly wallMs: number;
  /** Peak resident set size of the process, from /usr/bin/time -v when present. */
  readonly maxRss?: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Runs `command args` in `cwd`, measuring wall time (and peak RSS with GNU time). */
export function run(command: string, args: readonly string[], cwd: string): Promise<ProcessResult> {
  const [file, argv] = gnuTime ? [gnuTime, ["-v", command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, argv, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - start;
      const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({
        wallMs,
        code,
        stdout,
        stderr,
        ...(kib === undefined ? {} : { maxRss: Number(kib) * 1024 }),
      });
    });
  });
}

/** The same, failing loudly when the process does not exit 0. */
export async function runOk(command: string, args: readonly string[], cwd: string) {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}
