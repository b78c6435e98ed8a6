/**
 * Runs every mutant of a set of mixins against their scenarios in the real promtool, batched: each
 * promtool process checks or tests many mutants' files (one folder per mutant), and a few such
 * processes run at once. A mutant promtool refuses (`check rules`) is not counted; one whose
 * scenarios all pass survived: no scenario would notice that change.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { emitRuleFile } from "../../rules/emit.js";
import type { RuleGroup } from "../../rules/model.js";
import { parseDurationMs } from "../../promql/duration.js";
import { compileTestFiles } from "../compile.js";
import { findPromtool, promtoolEnv } from "../promtool.js";
import type { Scenario } from "../scenario.js";
import { hintFor } from "./hints.js";
import {
  focusedOn,
  reachedRules,
  ruleMutants,
  rulesNeeded,
  scenariosFor,
  type RuleMutant,
} from "./mutants.js";

export interface MutationTarget {
  readonly name: string;
  readonly groups: readonly RuleGroup[];
  readonly scenarios: readonly Scenario[];
}

export type MutantStatus = "killed" | "survived" | "silenced" | "invalid";

export interface MutantOutcome {
  readonly mixin: string;
  readonly rule: string;
  readonly kind: "alert" | "record";
  /** Where the rule is in the mixin's groups: group index and rule index. */
  readonly at: readonly [number, number];
  readonly operator: string;
  /** The subexpression the change applies to (what `mutant: <operator> at <text>` matches). */
  readonly site: string;
  readonly before: string;
  readonly after: string;
  readonly status: MutantStatus;
  /** The scenarios run against it (none: no scenario expects anything of the rule it changed). */
  readonly scenarios: readonly string[];
  /** A silence's reason, or why promtool refused the mutant. */
  readonly reason?: string;
  /** For a survivor: the scenario that would kill it. */
  readonly hint?: string;
}

export interface MutationReport {
  /** Mutants counted: killed, survived and silenced (invalid ones are not). */
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly silenced: number;
  readonly invalid: number;
  /** killed / (killed + survived); 1 when there is nothing to kill. */
  readonly score: number;
  readonly outcomes: readonly MutantOutcome[];
}

export interface MutationOptions {
  /** promtool processes at once (default 2). */
  readonly parallel?: number;
  /** Mutants per promtool process (default 8). */
  readonly batch?: number;
  /** Called as batches finish. */
  readonly onProgress?: (done: number, total: number) => void;
}

export class MutationBaselineError extends Error {
  override readonly name = "MutationBaselineError";
}

interface Job {
  /** The mutant's place among all mutants, so the report keeps their order. */
  readonly seq: number;
  readonly target: MutationTarget;
  readonly mutant: RuleMutant;
  readonly dir: string;
  /** The scenarios that concern its rule, those expecting something of the rule itself first. */
  readonly scenarios: readonly Scenario[];
}

/**
 * promtool's two streams, apart: it prints each file's header and SUCCESS on stdout and FAILED
 * with the details on stderr, so read together their order is a matter of timing.
 */
function promtool(
  args: readonly string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(findPromtool(), args, { cwd, env: promtoolEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.once("error", reject);
    child.once("close", () =>
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
  });
}

/** promtool's verdict per file, from stdout: a section `<header> <file>`, ok when it says SUCCESS. */
function verdicts(stdout: string, header: string): Map<string, { ok: boolean; text: string }> {
  const out = new Map<string, { ok: boolean; text: string }>();
  const parts = stdout.split(new RegExp(`^${header}[ \\t]+(\\S+)[ \\t]*$`, "m"));
  for (let i = 1; i < parts.length; i += 2) {
    const text = parts[i + 1] ?? "";
    out.set(parts[i] as string, { ok: /^\s*SUCCESS/m.test(text), text });
  }
  return out;
}

/**
 * promtool's verdicts on `files`, each one there: a process that died (killed on a busy machine)
 * leaves files without a verdict, which must not pass for a killed mutant. Runs once more, then
 * gives up with promtool's output.
 */
async function verdictsOf(
  args: readonly string[],
  files: readonly string[],
  header: string,
  cwd: string,
): Promise<Map<string, { ok: boolean; text: string }>> {
  for (let attempt = 1; ; attempt++) {
    const { stdout, stderr } = await promtool([...args, ...files], cwd);
    const found = verdicts(stdout, header);
    if (files.every((f) => found.has(f))) {
      // A failed file's reason is on stderr, in lines naming it.
      for (const [f, v] of found)
        if (!v.ok)
          found.set(f, {
            ok: false,
            text: stderr
              .split("\n")
              .filter((l) => l.includes(f))
              .join("\n"),
          });
      return found;
    }
    if (attempt === 2)
      throw new Error(
        `promtool ${args.join(" ")} gave no verdict on ${files.filter((f) => !found.has(f)).join(", ")}:\n${`${stdout}${stderr}`.slice(-2000)}`,
      );
  }
}

async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

const partition = <T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] => [
  items.filter(test),
  items.filter((x) => !test(x)),
];

/** `items` in `bins` bins of about equal cost, the costliest bin first (longest first, greedy). */
function balanced<T extends { readonly cost: number }>(items: readonly T[], bins: number): T[][] {
  const out = Array.from({ length: Math.max(1, bins) }, () => ({ load: 0, items: [] as T[] }));
  for (const item of [...items].sort((a, b) => b.cost - a.cost)) {
    const least = out.reduce((a, b) => (b.load < a.load ? b : a));
    least.items.push(item);
    least.load += item.cost;
  }
  return out
    .filter((b) => b.items.length > 0)
    .sort((a, b) => b.load - a.load)
    .map((b) => b.items);
}

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

function writeTests(
  dir: string,
  target: MutationTarget,
  scenarios: readonly Scenario[],
  name = "test.yaml",
  ruleFile = "rules.yaml",
): string[] {
  const files = compileTestFiles(
    { ruleFiles: [ruleFile], groups: target.groups, scenarios, requireCoverage: false },
    name,
  );
  return [...files].map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return name;
  });
}

/**
 * What a scenario costs promtool, roughly: its input samples, and an evaluation of every rule it
 * needs at every step up to its last expectation.
 */
function cost(groups: readonly RuleGroup[], s: Scenario): number {
  const stepMs = s.evaluationInterval ? parseDurationMs(s.evaluationInterval) : 60_000;
  const steps = Math.max(0, ...s.expect.map((e) => e.at)) / stepMs + 1;
  const rules = rulesNeeded(groups, [s]).reduce((n, g) => n + g.rules.length, 0);
  return steps * (rules + s.series.length);
}

/**
 * Rounds of a mutant's scenarios: the first alone, then the next 2, 4, 8...: a mutant stops at the
 * round that kills it, so what it costs follows the place of its killer, not how many there are.
 */
export function rounds<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0, size = 1; start < items.length; start += size, size *= 2)
    out.push(items.slice(start, start + size));
  return out;
}

export async function runMutations(
  targets: readonly MutationTarget[],
  options: MutationOptions = {},
): Promise<MutationReport> {
  const parallel = options.parallel ?? 2;
  const root = mkdtempSync(path.join(tmpdir(), "mixkit-mutate-"));
  try {
    const outcomes: (MutantOutcome & { seq: number })[] = [];
    const jobs: Job[] = [];
    let seq = 0;
    const outcome = (
      job: Pick<Job, "seq" | "target" | "mutant">,
      status: MutantStatus,
      extra = {},
    ) =>
      outcomes.push({
        seq: job.seq,
        mixin: job.target.name,
        rule: job.mutant.rule,
        kind: job.mutant.kind,
        at: job.mutant.at,
        operator: job.mutant.operator,
        site: job.mutant.site,
        before: job.mutant.before,
        after: job.mutant.after,
        status,
        scenarios: [],
        ...extra,
      });

    // The scenarios must pass on the rules as they are, or every mutant would look killed.
    // One file per scenario, in bins of about equal cost (the costliest first), so that no lane
    // waits on one long file while the others are done.
    const baseFiles = targets.flatMap((target) => {
      const base = path.join(target.name, "base");
      mkdirSync(path.join(root, base), { recursive: true });
      return target.scenarios.flatMap((scenario, i) => {
        // Only the rules the scenario needs: the others cannot change what it expects.
        const rules = `rules-${i}.yaml`;
        writeFileSync(
          path.join(root, base, rules),
          emitRuleFile(rulesNeeded(target.groups, [scenario])),
        );
        return writeTests(path.join(root, base), target, [scenario], `test-${i}.yaml`, rules).map(
          (f) => ({
            target,
            scenario,
            file: path.join(base, f),
            cost: cost(target.groups, scenario),
          }),
        );
      });
    });
    await inLanes(balanced(baseFiles, parallel * 4), parallel, async (batch) => {
      const files = batch.map((b) => b.file);
      const tested = await verdictsOf(["test", "rules"], files, "Unit Testing:", root);
      const failing = batch.filter((b) => tested.get(b.file)?.ok !== true);
      if (failing.length > 0)
        throw new MutationBaselineError(
          `${failing[0]!.target.name}: the scenarios fail on the rules as they are (${failing.map((b) => JSON.stringify(b.scenario.name)).join(", ")}); run mixkit test first`,
        );
    });

    // The scenarios for a rule's mutants, focused on what its change can reach and ordered: those
    // expecting something of the rule itself first, each part cheapest first.
    const ordered = new Map<string, readonly Scenario[]>();
    const scenariosOf = (target: MutationTarget, rule: string) => {
      const key = `${target.name}\u0000${rule}`;
      const known = ordered.get(key);
      if (known !== undefined) return known;
      const concerned = focusedOn(target.scenarios, reachedRules(target.groups, rule));
      const byCost = (list: readonly Scenario[]) =>
        list
          .map((x) => ({ x, c: cost(target.groups, x) }))
          .sort((a, b) => a.c - b.c)
          .map(({ x }) => x);
      const direct = new Set(scenariosFor(concerned, new Set([rule])));
      const list = [...byCost([...direct]), ...byCost(concerned.filter((x) => !direct.has(x)))];
      ordered.set(key, list);
      return list;
    };
    for (const target of targets) {
      ruleMutants(target.groups).forEach((mutant, i) => {
        const place = { seq: seq++, target, mutant };
        if (mutant.silencedBecause !== undefined)
          return outcome(place, "silenced", { reason: mutant.silencedBecause });
        const scenarios = scenariosOf(target, mutant.rule);
        if (scenarios.length === 0)
          return outcome(place, "survived", {
            hint: "no scenario expects anything of this rule or of a rule reading what it records",
          });
        const dir = path.join(target.name, String(i));
        mkdirSync(path.join(root, dir), { recursive: true });
        writeFileSync(
          path.join(root, dir, "rules.yaml"),
          emitRuleFile(rulesNeeded(mutant.groups, scenarios)),
        );
        jobs.push({ ...place, dir, scenarios });
      });
    }

    // Mutants promtool refuses are not counted.
    const refused = new Map<string, string>();
    await inLanes(chunk(jobs, 100), parallel, async (batch) => {
      const files = batch.map((j) => path.join(j.dir, "rules.yaml"));
      const checked = await verdictsOf(["check", "rules"], files, "Checking", root);
      for (const f of files)
        if (checked.get(f)?.ok !== true)
          refused.set(f, checked.get(f)?.text.trim() || "promtool check rules refused it");
    });

    const runnable = jobs.filter((j) => !refused.has(path.join(j.dir, "rules.yaml")));
    for (const j of jobs) {
      const why = refused.get(path.join(j.dir, "rules.yaml"));
      if (why !== undefined) outcome(j, "invalid", { reason: why.split("\n")[0] });
    }
    // Most mutants die on one of the first scenarios that concern their rule: run them in rounds
    // of growing size, each mutant only as long as it is alive. Each round's rule file holds only
    // the rules that round's scenarios need.
    let done = 0;
    const round = async (stageJobs: readonly Job[], r: number) => {
      const alive: Job[] = [];
      const files = new Map(
        stageJobs.map((j) => {
          const picked = rounds(j.scenarios)[r] ?? [];
          const ruleFile = `rules.${r}.yaml`;
          writeFileSync(
            path.join(root, j.dir, ruleFile),
            emitRuleFile(rulesNeeded(j.mutant.groups, picked)),
          );
          const tests = writeTests(
            path.join(root, j.dir),
            j.target,
            picked,
            `round-${r}.test.yaml`,
            ruleFile,
          );
          return [j, tests.map((f) => path.join(j.dir, f))];
        }),
      );
      await inLanes(chunk(stageJobs, options.batch ?? 8), parallel, async (batch) => {
        const all = batch.flatMap((j) => files.get(j) ?? []);
        const tested = await verdictsOf(["test", "rules"], all, "Unit Testing:", root);
        for (const j of batch) {
          const killed = (files.get(j) ?? []).some((f) => tested.get(f)?.ok !== true);
          if (killed) {
            outcome(j, "killed", { scenarios: j.scenarios.map((x) => x.name) });
            options.onProgress?.(++done, runnable.length);
          } else alive.push(j);
        }
      });
      return alive;
    };
    let alive: readonly Job[] = runnable;
    const survivors: Job[] = [];
    for (let r = 0; alive.length > 0; r++) {
      const [more, spent] = partition(alive, (j) => rounds(j.scenarios).length > r);
      survivors.push(...spent);
      alive = more.length > 0 ? await round(more, r) : [];
    }
    for (const j of survivors) {
      outcome(j, "survived", {
        scenarios: j.scenarios.map((x) => x.name),
        hint: hintFor(j.mutant),
      });
      options.onProgress?.(++done, runnable.length);
    }

    outcomes.sort((a, b) => a.seq - b.seq);
    const count = (s: MutantStatus) => outcomes.filter((o) => o.status === s).length;
    const [killed, survived, silenced, invalid] = [
      count("killed"),
      count("survived"),
      count("silenced"),
      count("invalid"),
    ];
    return {
      mutants: killed + survived + silenced,
      killed,
      survived,
      silenced,
      invalid,
      score: killed + survived === 0 ? 1 : killed / (killed + survived),
      outcomes: outcomes.map(({ seq: _, ...o }) => o),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
