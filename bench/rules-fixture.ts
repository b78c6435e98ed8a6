/**
 * Generated rule sets for the scaling benchmark: groups of 20 rules, 10 recording rules and 10
 * alerts, each alert reading a series its group records (so the cross-reference checks run).
 */
import {
  alert,
  counter,
  group,
  histogram,
  histogramQuantile,
  rate,
  record,
  sum,
  type Rule,
  type RuleGroup,
} from "../src/index.js";

const requests = counter("http_requests_total", ["namespace", "job", "pod", "code", "handler"]);
const latency = histogram("http_request_duration_seconds", ["namespace", "job", "pod", "handler"]);

export const rulesPerGroup = 20;

/** `count` rules (a multiple of 20) in count/20 groups. */
export function ruleGroups(count: number): RuleGroup[] {
  const groups: RuleGroup[] = [];
  for (let g = 0; g < count / rulesPerGroup; g++) {
    const rules: Rule[] = [];
    for (let i = 0; i < rulesPerGroup / 2; i++) {
      const handler = `/api/v${g}/r${i}`;
      const recorded =
        i % 2 === 0
          ? record(
              `namespace_job:http_requests_g${g}_${i}:rate5m`,
              sum(rate(requests.where({ handler, code: "500" }).range("5m"))).by(
                "namespace",
                "job",
              ),
            )
          : record(
              `namespace_job:http_request_duration_seconds_g${g}_${i}:p99`,
              histogramQuantile(
                0.99,
                sum(rate(latency.bucket().where({ handler }).range("5m"))).by(
                  "namespace",
                  "job",
                  "le",
                ),
              ),
            );
      const fires = alert(`HandlerDegradedG${g}R${i}`, {
        expr: recorded.series().gt(i % 2 === 0 ? 0.1 : 1),
        for: "10m",
        severity: i % 2 === 0 ? "warning" : "critical",
        summary: "A handler is failing or slow.",
        description: (t) =>
          `Handler ${handler} of ${t.labels.namespace}/${t.labels.job} is at ${t.humanizedValue}.`,
        runbookUrl: `https://example.com/runbooks/bench#handlerdegradedg${g}r${i}`,
      });
      rules.push(recorded, fires);
    }
    groups.push(group(`bench-${g}`, rules));
  }
  return groups;
}
