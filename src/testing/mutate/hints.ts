/** What scenario would kill a surviving mutant, from the change it made. */
import type { RuleMutant } from "./mutants.js";

const numberAfter = (text: string, op: string): number | undefined => {
  const m = new RegExp(`${op.replace(/[>=<!]/g, (c) => `\\${c}`)}\\s*(-?[0-9.e+-]+)`).exec(text);
  return m ? Number(m[1]) : undefined;
};

export function hintFor(m: RuleMutant): string {
  const [family, ...rest] = m.operator.split(" ");
  const detail = rest.join(" ");
  switch (family) {
    case "threshold": {
      const op = /(>=|<=|==|!=|>|<)/.exec(m.before)?.[1] ?? ">";
      const a = numberAfter(m.before, op);
      const b = numberAfter(m.after, op);
      return a !== undefined && b !== undefined
        ? `no scenario where the value lies between ${Math.min(a, b)} and ${Math.max(a, b)}`
        : "no scenario with a value between the two thresholds";
    }
    case "comparison":
      return detail.includes(">=") || detail.includes("<=")
        ? "no scenario where the value equals the threshold"
        : "no scenario on each side of the threshold (one that must fire, one that must stay quiet)";
    case "aggregation":
      return `no scenario where the series it aggregates disagree (two replicas, servers or pods with different values), so ${detail} gives the same result`;
    case "grouping":
      return `no scenario with two series that differ only in ${detail.replace("by -", "")}, which the result must keep apart`;
    case "matching":
      return `no scenario with two series on the other side that differ only in ${detail.replace("on -", "")}`;
    case "matcher":
      return detail.startsWith("-")
        ? `no scenario with a series the matcher on ${detail.slice(1)} must leave out`
        : "no scenario with series on both sides of the matcher";
    case "set-operand":
      return `no scenario where the ${detail.endsWith("-rhs") ? "right-hand" : "left-hand"} side of ${detail.split(" ")[0]} changes the result`;
    case "range":
    case "offset":
      return `no scenario whose outcome depends on the ${family} (a change shorter than the original ${family}, or one that lasts longer than it)`;
    case "absent":
      return "no scenario where the series exists with a failing value (e.g. up 0)";
    case "unwrap":
      return `no scenario checking what ${detail} changes (the labels it writes or the values it clamps)`;
    case "bool":
      return "no scenario checking the 0 samples `bool` keeps";
    case "for":
      return `no scenario expecting the alert pending or quiet before ${m.before.replace("for: ", "")} have passed`;
    default:
      return "no scenario notices this change";
  }
}
