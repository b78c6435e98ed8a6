/**
 * Static lint of rule groups: what pint and mixtool check without a live server. Each finding has a
 * check id, a message and a location; a rule may silence a check with a stated reason.
 */
import type { Node } from "../promql/ast.js";
import { parseDurationMs, formatDuration, type DurationLiteral } from "../promql/duration.js";
import { AlertingRule, type Rule, type RuleGroup } from "./model.js";
import { toGoTemplate } from "./template.js";

export type LintCheck =
  | "rate-window"
  | "summary-missing"
  | "summary-templated"
  | "summary-style"
  | "description-not-templated"
  | "runbook-missing"
  | "group-too-large"
  | "cluster-label-dropped"
  | "alert-without-condition"
  | "silence-without-reason";

export interface LintFinding {
  readonly check: LintCheck;
  readonly where: string;
  readonly message: string;
  /** The group's index in the groups linted and, for a rule's finding, the rule's in its group. */
  readonly location: { readonly group: number; readonly rule?: number };
}

/** A finding of one rule, before it is placed in its group. */
type RuleFinding = Omit<LintFinding, "location">;

export interface LintOptions {
  /** The scrape interval of the targets (default 30s, the ESO and Flux charts' ServiceMonitor interval). */
  readonly scrapeInterval?: DurationLiteral;
  /** When set, every aggregation and vector match must keep this label. */
  readonly clusterLabel?: string;
  /** Most rules a group should hold (default 20, as mixtool). */
  readonly maxGroupRules?: number;
}

export interface LintResult {
  readonly findings: readonly LintFinding[];
  /** Findings a rule silenced, with the reason it gave. */
  readonly silenced: readonly (LintFinding & { readonly reason: string })[];
}

/** Functions whose window must span several scrapes to give stable results. */
const windowedFunctions = new Set(["rate", "increase", "resets", "delta", "deriv"]);
const conditionOps = new Set(["==", "!=", ">", "<", ">=", "<=", "and", "unless"]);

export function lintGroups(groups: readonly RuleGroup[], options: LintOptions = {}): LintResult {
  const scrapeMs = parseDurationMs(options.scrapeInterval ?? "30s");
  const maxRules = options.maxGroupRules ?? 20;
  const findings: LintFinding[] = [];
  const silenced: (LintFinding & { reason: string })[] = [];

  for (const [group, g] of groups.entries()) {
    const at = `group ${JSON.stringify(g.name)}`;
    if (g.rules.length > maxRules) {
      findings.push({
        check: "group-too-large",
        where: at,
        message: `${g.rules.length} rules; keep groups at ${maxRules} or fewer so each evaluates within its interval`,
        location: { group },
      });
    }
    for (const [index, rule] of g.rules.entries()) {
      const where = `${at}, ${rule.kind} ${JSON.stringify(rule.name)}`;
      const own: RuleFinding[] = [];
      lintExpr(rule.expr.node, `${where}, field "expr"`, scrapeMs, options.clusterLabel, own);
      if (rule instanceof AlertingRule) lintAlert(rule, where, own);
      const silences = rule.spec.silence ?? [];
      for (const s of silences) {
        if (s.reason.trim() === "") {
          own.push({
            check: "silence-without-reason",
            where,
            message: `silencing ${s.check} needs a reason a reviewer can read`,
          });
        }
      }
      for (const found of own) {
        const f = { ...found, location: { group, rule: index } };
        const s = silences.find((x) => x.check === f.check && x.reason.trim() !== "");
        if (s) silenced.push({ ...f, reason: s.reason });
        else findings.push(f);
      }
    }
  }
  return { findings, silenced };
}

function lintAlert(rule: AlertingRule, where: string, out: RuleFinding[]): void {
  const s = rule.spec;
  if (typeof s.summary !== "string" || s.summary.trim() === "") {
    out.push({
      check: "summary-missing",
      where,
      message: "add a summary: one static sentence saying what is wrong",
    });
  } else if (s.summary.includes("{{")) {
    out.push({
      check: "summary-templated",
      where,
      message: "keep the summary static; put labels and values in the description",
    });
  } else if (!/^[A-Z].*\.$/.test(s.summary)) {
    out.push({
      check: "summary-style",
      where,
      message: "write the summary as a sentence: a capital letter first, a full stop last",
    });
  }
  const description = s.description === undefined ? "" : toGoTemplate(s.description).text;
  if (!description.includes("{{")) {
    out.push({
      check: "description-not-templated",
      where,
      message: "the description should name the affected object with $labels",
    });
  }
  if (s.runbookUrl === undefined) {
    out.push({
      check: "runbook-missing",
      where,
      message: "add a runbookUrl so whoever is paged knows what to do",
    });
  }
  if (!isCondition(rule.expr.node)) {
    out.push({
      check: "alert-without-condition",
      where,
      message: "the expression has no comparison, so it fires for every series it returns",
    });
  }
}

/**
 * Whether an alert expression filters: a comparison, `and`/`unless` or `absent()` on top, both sides
 * of `or` filtering, or label_replace/label_join/sort around a filter.
 */
function isCondition(node: Node): boolean {
  switch (node.type) {
    case "binary":
      if (node.op === "or") return isCondition(node.lhs) && isCondition(node.rhs);
      return conditionOps.has(node.op) && !node.bool;
    case "call":
      if (node.fn === "absent" || node.fn === "absent_over_time") return true;
      return (
        ["label_replace", "label_join", "sort", "sort_desc"].includes(node.fn) &&
        node.args[0] !== undefined &&
        isCondition(node.args[0])
      );
    case "raw":
      return true;
    default:
      return false;
  }
}

function lintExpr(
  node: Node,
  where: string,
  scrapeMs: number,
  cluster: string | undefined,
  out: RuleFinding[],
): void {
  const visit = (n: Node): void => {
    switch (n.type) {
      case "call": {
        const arg = n.args[0];
        if (
          windowedFunctions.has(n.fn) &&
          arg &&
          (arg.type === "matrixSelector" || arg.type === "subquery")
        ) {
          if (arg.range.kind === "literal" && arg.range.ms < 4 * scrapeMs) {
            out.push({
              check: "rate-window",
              where,
              message: `${n.fn}() over ${formatDuration(arg.range.ms)} spans fewer than 4 scrapes of ${formatDuration(scrapeMs)}; use at least ${formatDuration(4 * scrapeMs)}`,
            });
          }
        }
        n.args.forEach(visit);
        return;
      }
      case "aggregate":
        if (cluster && n.grouping) {
          const has = n.grouping.labels.includes(cluster);
          if ((n.grouping.mode === "by" && !has) || (n.grouping.mode === "without" && has)) {
            out.push({
              check: "cluster-label-dropped",
              where,
              message: `${n.op} ${n.grouping.mode} (${n.grouping.labels.join(", ")}) drops the cluster label "${cluster}"; keep it so series from different clusters stay apart`,
            });
          }
        } else if (cluster && !n.grouping && n.op !== "topk" && n.op !== "bottomk") {
          out.push({
            check: "cluster-label-dropped",
            where,
            message: `${n.op}(...) without "by (${cluster}, ...)" merges all clusters`,
          });
        }
        visit(n.expr);
        if (n.param) visit(n.param);
        return;
      case "binary":
        if (cluster && n.matching?.mode === "on" && !n.matching.labels.includes(cluster)) {
          out.push({
            check: "cluster-label-dropped",
            where,
            message: `on (${n.matching.labels.join(", ")}) matches series across clusters; add "${cluster}"`,
          });
        }
        visit(n.lhs);
        visit(n.rhs);
        return;
      case "unary":
      case "subquery":
        visit(n.expr);
        return;
      default:
        return;
    }
  };
  visit(node);
}

export type { Rule };
