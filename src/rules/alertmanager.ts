/**
 * Inhibitions as Alertmanager reads them: an `inhibit_rules:` fragment of alertmanager.yml
 * (`source_matchers`/`target_matchers`, Alertmanager 0.22+) and a prometheus-operator
 * AlertmanagerConfig (monitoring.coreos.com/v1alpha1). Pure functions of checked inhibitions.
 */
import type { Inhibition } from "./inhibit.js";
import type { AlertingRule } from "./model.js";
import { toYaml } from "./yaml.js";

interface Matcher {
  readonly name: string;
  readonly type: "=" | "=~";
  readonly value: string;
}

interface InhibitRule {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

/** The labels a rule sets to a fixed text; `severity` is not among them (configs change it). */
function fixedLabels(rule: AlertingRule): [string, string][] {
  return Object.entries(rule.spec.labels ?? {})
    .filter((e): e is [string, string] => typeof e[1] === "string" && !e[1].includes("{{"))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The fixed labels all rules share with one value: what tells their alerts from others' of that name. */
function sharedLabels(rules: readonly AlertingRule[]): [string, string][] {
  const [first, ...rest] = rules;
  if (first === undefined) return [];
  return fixedLabels(first).filter(([k, v]) => rest.every((r) => r.spec.labels?.[k] === v));
}

const regexSpecial = /[.*+?^${}()|[\]\\]/g;

function nameMatcher(names: readonly string[]): Matcher {
  return names.length === 1
    ? { name: "alertname", type: "=", value: names[0] as string }
    : {
        name: "alertname",
        type: "=~",
        value: names.map((n) => n.replace(regexSpecial, "\\$&")).join("|"),
      };
}

const labelMatchers = (labels: readonly [string, string][]): Matcher[] =>
  labels.map(([name, value]) => ({ name, type: "=", value }));

/**
 * One Alertmanager rule per set of target labels: the copies of a target alert (one per critical
 * object) differ only by a label, so matching what they share catches every copy with one rule.
 */
function inhibitRules(inhibition: Inhibition): InhibitRule[] {
  const fixed = new Map(sharedLabels([inhibition.source]));
  for (const [k, v] of Object.entries(inhibition.sourceLabels)) fixed.set(k, v);
  const source = [
    nameMatcher([inhibition.source.name]),
    ...labelMatchers([...fixed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  ];
  const byName = new Map<string, AlertingRule[]>();
  for (const t of inhibition.targets) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  const byLabels = new Map<string, { names: string[]; labels: [string, string][] }>();
  for (const [name, rules] of byName) {
    const labels = sharedLabels(rules);
    const key = JSON.stringify(labels);
    const entry = byLabels.get(key) ?? { names: [], labels };
    entry.names.push(name);
    byLabels.set(key, entry);
  }
  return [...byLabels.values()].map(({ names, labels }) => ({
    source,
    target: [nameMatcher(names), ...labelMatchers(labels)],
    equal: inhibition.equal,
  }));
}

/** `name="value"` as Alertmanager's matcher parser reads it. */
function matcherText(m: Matcher): string {
  const quoted = m.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `${m.name}${m.type}"${quoted}"`;
}

/** `inhibit_rules:` to merge into alertmanager.yml. */
export function emitAlertmanagerFragment(inhibitions: readonly Inhibition[]): string {
  return toYaml({
    inhibit_rules: inhibitions.flatMap(inhibitRules).map((r) => ({
      source_matchers: r.source.map(matcherText),
      target_matchers: r.target.map(matcherText),
      equal: [...r.equal],
    })),
  });
}

export interface AlertmanagerConfigOptions {
  readonly name: string;
  readonly namespace?: string;
  /** Labels the Alertmanager's `alertmanagerConfigSelector` matches. */
  readonly labels?: Readonly<Record<string, string>>;
}

const crdMatcher = (m: Matcher) => ({ name: m.name, value: m.value, matchType: m.type });

/**
 * An AlertmanagerConfig holding the inhibitions. prometheus-operator adds a matcher on `namespace`
 * (the object's own namespace) to the source and target of each rule it converts.
 */
export function emitAlertmanagerConfig(
  inhibitions: readonly Inhibition[],
  options: AlertmanagerConfigOptions,
): string {
  const labels = Object.entries(options.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return toYaml({
    apiVersion: "monitoring.coreos.com/v1alpha1",
    kind: "AlertmanagerConfig",
    metadata: {
      name: options.name,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(labels.length === 0 ? {} : { labels: Object.fromEntries(labels) }),
    },
    spec: {
      inhibitRules: inhibitions.flatMap(inhibitRules).map((r) => ({
        sourceMatch: r.source.map(crdMatcher),
        targetMatch: r.target.map(crdMatcher),
        equal: [...r.equal],
      })),
    },
  });
}
