/**
 * Runs the real promtool. A missing promtool is an error with an install hint, never a skipped check;
 * promtool's output is kept whole and its failure blocks are lifted out for readable reports.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const promtoolInstallHint =
  "promtool not found on PATH; install it with: sudo apt-get install prometheus (Debian/Ubuntu), or put a Prometheus release's promtool on PATH";

export class PromtoolMissingError extends Error {
  override readonly name = "PromtoolMissingError";
  constructor() {
    super(promtoolInstallHint);
  }
}

/** The path of `promtool` on PATH (or $PROMTOOL), or a PromtoolMissingError. */
export function findPromtool(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env["PROMTOOL"];
  const candidates = explicit
    ? [explicit]
    : (env["PATH"] ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, "promtool"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new PromtoolMissingError();
}

/**
 * The environment for promtool: `promtool test rules` opens a TSDB in a temporary folder for every
 * test group, and on a disk its syncs take longer than the evaluation (several times the run). A
 * memory-backed folder (/dev/shm) when there is one, unless TMPDIR says where temporary files go.
 */
export function promtoolEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env["TMPDIR"]) return env;
  const memory = "/dev/shm";
  try {
    if (!statSync(memory).isDirectory()) return env;
    accessSync(memory, constants.W_OK);
  } catch {
    return env;
  }
  return { ...env, TMPDIR: memory };
}

export interface PromtoolResult {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly output: string;
  /** The FAILED blocks, one per failing test or rule file. */
  readonly failures: readonly string[];
}

/**
 * promtool prints `FAILED:` and then one block per failed assertion or rule file: alert failures as
 * `name:` + `alertname:` lines, expression failures as an `expr:` line (without the test's name).
 */
function failureBlocks(output: string): string[] {
  const blocks: string[] = [];
  for (const section of output.split(/^\s*FAILED:\s*$/m).slice(1)) {
    let current: string[] = [];
    const flush = () => {
      if (current.length > 0) blocks.push(current.join("\n").trim());
      current = [];
    };
    for (const line of section.split("\n")) {
      // A block starts at a four-space indent, except the alertname line that follows its test's name.
      const starts =
        /^ {4}\S/.test(line) &&
        !(/^ {4}alertname: /.test(line) && /^ {4}name: /.test(current.at(-1) ?? ""));
      if (starts) flush();
      if (line.trim() !== "" || current.length > 0) current.push(line);
    }
    flush();
  }
  return blocks;
}

const timeoutMs = 300_000;

function result(status: number | null, output: string): PromtoolResult {
  return { ok: status === 0, exitCode: status, output, failures: failureBlocks(output) };
}

function run(args: readonly string[], cwd: string): PromtoolResult {
  const r = spawnSync(findPromtool(), args, {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    env: promtoolEnv(),
  });
  if (r.error) throw r.error;
  return result(r.status, `${r.stdout ?? ""}${r.stderr ?? ""}`);
}

/** `run` without blocking: several promtool processes can run at once. */
function runAsync(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(findPromtool(), args, { cwd, timeout: timeoutMs, env: promtoolEnv() });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.once("error", reject);
    child.once("close", (status) =>
      resolve(result(status, `${Buffer.concat(stdout)}${Buffer.concat(stderr)}`)),
    );
  });
}

/** `promtool check rules` on files; with `lint`, lint findings are fatal too. */
export function checkRules(
  files: readonly string[],
  options: { lint?: boolean } = {},
): PromtoolResult {
  const lint = options.lint ? ["--lint=all", "--lint-fatal"] : [];
  return run(["check", "rules", ...lint, ...files.map((f) => path.resolve(f))], process.cwd());
}

/**
 * `promtool test rules` on a test file. promtool only warns about missing rule files and passes,
 * so their existence is checked here first.
 */
export function testRules(testFile: string): PromtoolResult {
  const file = checkedTestFile(testFile);
  return run(["test", "rules", file], path.dirname(file));
}

/** testRules without blocking, so that several test files can run at once. */
export async function testRulesAsync(testFile: string): Promise<PromtoolResult> {
  const file = checkedTestFile(testFile);
  return runAsync(["test", "rules", file], path.dirname(file));
}

/** `checkRules` without blocking. */
export async function checkRulesAsync(
  files: readonly string[],
  options: { lint?: boolean } = {},
): Promise<PromtoolResult> {
  const lint = options.lint ? ["--lint=all", "--lint-fatal"] : [];
  return runAsync(["check", "rules", ...lint, ...files.map((f) => path.resolve(f))], process.cwd());
}

/** The absolute path of a test file whose rule files all exist. */
function checkedTestFile(testFile: string): string {
  const file = path.resolve(testFile);
  const doc = parse(readFileSync(file, "utf8")) as { rule_files?: unknown };
  const ruleFiles = Array.isArray(doc?.rule_files) ? (doc.rule_files as unknown[]) : [];
  if (ruleFiles.length === 0)
    throw new Error(`${testFile}: no rule_files; promtool would test nothing`);
  for (const ruleFile of ruleFiles) {
    const resolved = path.resolve(path.dirname(file), String(ruleFile));
    if (!existsSync(resolved)) {
      throw new Error(
        `${testFile}: rule file ${String(ruleFile)} does not exist (looked for ${resolved}); promtool would pass without testing it`,
      );
    }
  }
  return file;
}
