/**
 * Runs every mutant of a set of mixins against their scenarios in the real promtool, batched: the
 * mutants of one rule share a test group as renamed copies (merge.ts), each promtool process tests
 * many such files, and a few processes run at once. A mutant promtool refuses (`check rules`) is
 * not counted; one whose scenarios all pass survived: no scenario would notice that change.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { emitRuleFile } from "../../rules/emit.js";
import type { RuleGroup } from "../../rules/model.js";
import { parseDurationMs } from "../../promql/duration.js";
import { compileTestFiles } from "../compile.js";
import { findPromtool, promtoolEnv } from "../promtool.js";
import type { Scenario } from "../scenario.js";
import { hintFor } from "./hints.js";
import { balanced, drain, inLanes } from "./lanes.js";
import { copiesVerdict, mergeable, mergedRun, scenariosFailing } from "./merge.js";
import {
  expectingOf,
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
  /**
   * Let the mutants of one rule share a test group (default true). Off, each mutant runs in files
   * of its own: slower, and the verdicts must be the same (the tests compare both).
   */
  readonly share?: boolean;
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
 * promtool's output, stdout and stderr in the order written: it prints each file's header and
 * SUCCESS on stdout and FAILED with the details on stderr, so two pipes would lose which details
 * belong to which file. Both go to one file instead.
 */
function promtool(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const out = path.join(cwd, `promtool-${randomUUID()}.out`);
    const fd = openSync(out, "w");
    // One thread each: the lanes already keep the cores busy, and Go's parallel garbage
    // collection across them costs more CPU than it saves.
    const env = { GOMAXPROCS: "1", ...promtoolEnv() };
    const child = spawn(findPromtool(), args, { cwd, env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    const settle = (error?: Error) => {
      try {
        if (error) reject(error);
        else resolve(readFileSync(out, "utf8"));
      } finally {
        rmSync(out, { force: true });
      }
    };
    child.once("error", settle);
    child.once("close", () => settle());
  });
}

/** promtool's verdict per file: a section `<header> <file>`, ok when it says SUCCESS. */
function verdicts(output: string, header: string): Map<string, { ok: boolean; text: string }> {
  const out = new Map<string, { ok: boolean; text: string }>();
  const parts = output.split(new RegExp(`^${header}[ \\t]+(\\S+)[ \\t]*$`, "m"));
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
    const output = await promtool([...args, ...files], cwd);
    const found = verdicts(output, header);
    if (files.every((f) => found.has(f))) return found;
    if (attempt === 2)
      throw new Error(
        `promtool ${args.join(" ")} gave no verdict on ${files.filter((f) => !found.has(f)).join(", ")}:\n${output.slice(-2000)}`,
      );
  }
}

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

function writeTests(
  dir: string,
  groups: readonly RuleGroup[],
  scenarios: readonly Scenario[],
  name = "test.yaml",
  ruleFile = "rules.yaml",
): string[] {
  const files = compileTestFiles(
    { ruleFiles: [ruleFile], groups, scenarios, requireCoverage: false },
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

    // The mutants of one rule share a test group where they can (merge.ts), beside a copy of the
    // rule as it is: a kill counts only where that copy passes, so the scenarios need no other run
    // on the rules as they are. Those of other rules do: run alone, a mutant's failure would mean
    // nothing if its scenario failed anyway.
    const canMerge = new Map<string, boolean>();
    const canShare = (j: Job) => {
      const key = `${j.target.name}\u0000${j.mutant.rule}`;
      if (!canMerge.has(key))
        canMerge.set(
          key,
          options.share !== false && mergeable(j.target.groups, j.mutant.rule, j.scenarios),
        );
      return canMerge.get(key) === true;
    };
    const alone = new Map<MutationTarget, Set<string>>();
    for (const j of jobs)
      if (!canShare(j)) {
        const rules = alone.get(j.target) ?? new Set<string>();
        alone.set(j.target, rules.add(j.mutant.rule));
      }
    // One file per scenario, in bins of about equal cost (the costliest first), so that no lane
    // waits on one long file while the others are done.
    const baseFiles = [...alone].flatMap(([target, ruleNames]) => {
      const base = path.join(target.name, "base");
      mkdirSync(path.join(root, base), { recursive: true });
      const reached = new Set([...ruleNames].flatMap((r) => [...reachedRules(target.groups, r)]));
      return focusedOn(target.scenarios, reached).flatMap((scenario, i) => {
        // Only the rules the scenario needs: the others cannot change what it expects.
        const rules = `rules-${i}.yaml`;
        writeFileSync(
          path.join(root, base, rules),
          emitRuleFile(rulesNeeded(target.groups, [scenario])),
        );
        return writeTests(
          path.join(root, base),
          target.groups,
          [scenario],
          `test-${i}.yaml`,
          rules,
        ).map((f) => ({
          target,
          scenario,
          file: path.join(base, f),
          cost: cost(target.groups, scenario),
        }));
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

    // Mutants promtool refuses are not counted.
    const refused = new Map<string, string>();
    await inLanes(chunk(jobs, 100), parallel, async (batch) => {
      const files = batch.map((j) => path.join(j.dir, "rules.yaml"));
      const checked = await verdictsOf(["check", "rules"], files, "Checking", root);
      for (const f of files)
        if (checked.get(f)?.ok !== true)
          refused.set(
            f,
            (checked.get(f)?.text ?? "")
              .split("\n")
              .map((l) => l.trim())
              .filter((l) => l !== "" && l !== "FAILED:")
              .join("\n") || "promtool check rules refused it",
          );
    });

    const runnable = jobs.filter((j) => !refused.has(path.join(j.dir, "rules.yaml")));
    for (const j of jobs) {
      const why = refused.get(path.join(j.dir, "rules.yaml"));
      if (why !== undefined) outcome(j, "invalid", { reason: why.split("\n")[0] });
    }
    // Most mutants die on one of the first scenarios that concern their rule: each runs in rounds
    // of growing size (rounds()), only as long as it is alive. The mutants of one rule share a
    // test group where they can (merge.ts); a round's rule file holds only the rules its scenarios
    // need. A task is one such file: its next round is ready as soon as it is done.
    interface Task {
      readonly jobs: readonly Job[];
      readonly round: number;
      /** Whether the jobs share a file, beside a copy of the rule as it is (the last copy). */
      readonly shared: boolean;
      readonly cost: number;
    }
    const task = (jobs: readonly Job[], r: number, shared: boolean): Task => {
      const picked = rounds((jobs[0] as Job).scenarios)[r] ?? [];
      const groups = (jobs[0] as Job).target.groups;
      // A copy costs what the rule and its readers cost, a small part of the scenario's input.
      const each = picked.reduce((n, x) => n + cost(groups, x), 0);
      return { jobs, round: r, shared, cost: each * (1 + jobs.length / 8) };
    };
    /** Tasks for `jobs` at round `r`: one per rule whose mutants can share a file, else one each. */
    const tasksOf = (jobs: readonly Job[], r: number): Task[] => {
      const byRule = new Map<string, Job[]>();
      const single: Task[] = [];
      for (const j of jobs) {
        if (!canShare(j)) single.push(task([j], r, false));
        else {
          const key = `${j.target.name}\u0000${j.mutant.rule}`;
          byRule.set(key, [...(byRule.get(key) ?? []), j]);
        }
      }
      return [...[...byRule.values()].map((js) => task(js, r, true)), ...single];
    };
    let done = 0;
    let sharedDirs = 0;
    const survivors: Job[] = [];
    const write = (t: Task) => {
      const first = t.jobs[0] as Job;
      const picked = rounds(first.scenarios)[t.round] ?? [];
      const dir = t.shared ? path.join(first.target.name, `shared-${sharedDirs++}`) : first.dir;
      if (t.shared) mkdirSync(path.join(root, dir), { recursive: true });
      const run = t.shared
        ? mergedRun(
            first.target.groups,
            first.mutant.rule,
            [...t.jobs.map((j) => j.mutant.groups), first.target.groups],
            picked,
          )
        : {
            groups: first.mutant.groups,
            scenarios: expectingOf(
              picked,
              first.target.groups,
              first.mutant.groups,
              first.mutant.at,
            ),
          };
      const ruleFile = `rules.${t.round}.yaml`;
      writeFileSync(
        path.join(root, dir, ruleFile),
        emitRuleFile(rulesNeeded(run.groups, run.scenarios)),
      );
      return writeTests(
        path.join(root, dir),
        run.groups,
        run.scenarios,
        `round-${t.round}.test.yaml`,
        ruleFile,
      ).map((f) => path.join(dir, f));
    };
    const baselineError = (t: Task, failing: readonly string[]) => {
      const first = t.jobs[0] as Job;
      const names =
        failing.length > 0 ? failing : rounds(first.scenarios)[t.round]!.map((x) => x.name);
      return new MutationBaselineError(
        `${first.target.name}: the scenarios fail on the rules as they are (${names.map((x) => JSON.stringify(x)).join(", ")}); run mixkit test first`,
      );
    };
    /** Settles each mutant of a task from promtool's reports on its files; gives the tasks next. */
    const settle = (t: Task, reports: readonly { ok: boolean; text: string }[]): Task[] => {
      const alive: Job[] = [];
      const unsettled: Job[] = [];
      const failed = reports.filter((x) => !x.ok);
      const verdicts = failed.map((x) => copiesVerdict(x.text));
      if (verdicts.some((v) => v.failed.has(t.jobs.length)))
        throw baselineError(
          t,
          failed.flatMap((x) => scenariosFailing(x.text, t.jobs.length)),
        );
      t.jobs.forEach((j, k) => {
        const killed = t.shared ? verdicts.some((v) => v.failed.has(k)) : verdicts.length > 0;
        if (killed) {
          outcome(j, "killed", { scenarios: j.scenarios.map((x) => x.name) });
          options.onProgress?.(++done, runnable.length);
        } else if (verdicts.some((v) => !v.complete)) unsettled.push(j);
        else if (rounds(j.scenarios).length > t.round + 1) alive.push(j);
        else survivors.push(j);
      });
      // An evaluation error ends promtool's test group: the copies it named are killed, and the
      // rest run the round again. An error naming no copy is in a rule no copy changed: the
      // scenario fails on the rules as they are.
      if (unsettled.length === t.jobs.length) throw baselineError(t, []);
      return [
        ...(unsettled.length > 0 ? [task(unsettled, t.round, true)] : []),
        ...(alive.length > 0 ? tasksOf(alive, t.round + 1) : []),
      ];
    };
    await drain(tasksOf(runnable, 0), parallel, async (batch) => {
      const files = batch.map(write);
      const tested = await verdictsOf(["test", "rules"], files.flat(), "Unit Testing:", root);
      return batch.flatMap((t, i) =>
        settle(
          t,
          (files[i] ?? []).map((f) => tested.get(f) ?? { ok: false, text: "" }),
        ),
      );
    });
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
