/**
 * Compiles dist/ once before the suite: the bin, `npm pack` and the consumer tests run the built
 * package. Compiling only (no `mixkit build`), so the committed rules/ and dashboards/ stay as they
 * are and the drift tests see them as committed. Incremental: a no-op when nothing changed.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

export default function buildDist(): void {
  const root = path.resolve(import.meta.dirname, "..");
  const r = spawnSync("npm", ["run", "-s", "build:dist"], { cwd: root, encoding: "utf8" });
  if (r.error) throw r.error;
  // tsc emits despite type errors; `npm run typecheck` reports them, so the suite runs on.
  if (r.status !== 0)
    console.warn(`npm run build:dist reported type errors:\n${r.stdout}${r.stderr}`);
}
