/**
 * `npm test` as CI runs it: a fresh clone of the committed HEAD with ../shared beside it, `npm ci`,
 * then `npm test`, timed whole; vitest's own reported duration read from its summary.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface SuiteResult {
  readonly wallMs: number;
  readonly vitestMs: number;
  readonly tests: string;
  readonly commit: string;
}

function sh(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (r.status !== 0)
    throw new Error(
      `bench: ${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`,
    );
  return r.stdout;
}

export function suite(root: string): SuiteResult {
  const dir = mkdtempSync(path.join(tmpdir(), "mixkit-bench-suite-"));
  // mkdtemp makes it private; the suite runs some checks as an unprivileged user (as root on CI).
  chmodSync(dir, 0o755);
  try {
    const clone = path.join(dir, "main");
    sh("git", ["clone", "--quiet", "--no-hardlinks", root, clone], dir);
    symlinkSync(path.resolve(root, "../shared"), path.join(dir, "shared"));
    sh("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--silent"], clone);
    const start = performance.now();
    const out = sh("npm", ["test"], clone);
    const wallMs = performance.now() - start;
    // eslint-disable-next-line no-control-regex
    const plain = out.replace(/\x1b\[[0-9;]*m/g, "");
    const duration = /Duration\s+([\d.]+)(m?s)/.exec(plain);
    const vitestMs =
      duration === null ? Number.NaN : Number(duration[1]) * (duration[2] === "s" ? 1000 : 1);
    const tests = /Tests\s+(.*)/.exec(plain)?.[1]?.trim() ?? "";
    return {
      wallMs,
      vitestMs,
      tests,
      commit: sh("git", ["rev-parse", "--short", "HEAD"], clone).trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
