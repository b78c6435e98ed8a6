/**
 * The `mixkit.config.ts` that `mixkit init` writes: every shipped mixin with each of its options
 * commented out at its default (the options, descriptions and defaults come from the mixins' config
 * schemas, so they cannot drift), the usual outputs, and a comment on each setting. It type-checks
 * and builds as it is, and still does with every option uncommented.
 */
import { mixinOptions, tsValue, type MixinOption } from "../mixins/options.js";
import { shippedMixinSchemas } from "../mixins/schemas.js";
import type { ShippedMixinName } from "../mixins/names.js";

const identifier = /^[A-Za-z_$][\w$]*$/;
const width = 100;

/** `text` as `// ` comment lines indented by `indent`, wrapped at the line width. */
function comment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && indent.length + 3 + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.map((l) => `${indent}// ${l}`);
}

/** The lines of one option: its description, then the option commented out (or a section). */
function optionLines(
  option: MixinOption,
  options: readonly MixinOption[],
  indent: string,
): string[] {
  const shown = option.example ?? option.value;
  const note =
    option.example === undefined
      ? ""
      : option.value === undefined
        ? " Unset by default; for example:"
        : ` Default: ${tsValue(option.value)}; for example:`;
  const lines = comment(`${option.description}${note}`, indent);
  if (!option.section) return [...lines, `${indent}// ${option.key}: ${tsValue(shown)},`];
  const inner = options.filter(
    (o) => o.depth === option.depth + 1 && o.path.startsWith(`${option.path}.`),
  );
  return [
    ...lines,
    `${indent}${option.key}: {`,
    ...inner.flatMap((o) => optionLines(o, options, `${indent}  `)),
    `${indent}},`,
  ];
}

/** A mixin's entry in `mixins`: every option, commented out at its default. */
export function mixinBlock(name: ShippedMixinName, indent = "    "): string {
  const options = mixinOptions(shippedMixinSchemas[name]);
  const key = identifier.test(name) ? name : JSON.stringify(name);
  return [
    `${indent}${key}: {`,
    ...options.filter((o) => o.depth === 0).flatMap((o) => optionLines(o, options, `${indent}  `)),
    `${indent}},`,
  ].join("\n");
}

export function starterConfig(mixinNames: readonly ShippedMixinName[]): string {
  const mixins = mixinNames.map((n) => mixinBlock(n)).join("\n");
  return `/**
 * What \`mixkit build\` writes into this repository: rules, promtool tests and dashboards.
 * \`mixkit check\` fails in CI when the committed files differ from what this file builds.
 */
import { defineConfig } from "mixkit";

export default defineConfig({
  // Where the files go, relative to this file: rules/, dashboards/, kustomization.yaml.
  outDir: "monitoring",

  // The shipped mixins to build; delete the ones you do not run. Each option is commented out at
  // its default (made for the upstream Helm chart scraped by kube-prometheus-stack): uncomment it
  // to change it, e.g. clusterLabel: "cluster" for a multi-cluster Prometheus. {} keeps them all.
  mixins: {
${mixins}
  },

  // Your own rule groups, promtool scenarios and dashboards, each in its own folder:
  // custom: [{ name: "payments", groups: [...], scenarios: [...], dashboards: [...] }],

  // The oldest Prometheus the rules must load on; newer PromQL features are refused.
  targetPrometheus: "2.42",

  // Labels added to every alert, e.g. for Alertmanager routing.
  // extraAlertLabels: { team: "platform" },

  outputs: {
    // PrometheusRule objects for prometheus-operator (false for none).
    prometheusRule: { namespace: "monitoring" },
    // ConfigMaps for the Grafana sidecar; for grafana-operator use
    // grafanaDashboard: { instanceSelector: { matchLabels: { dashboards: "grafana" } } }.
    configMap: { namespace: "monitoring", folder: "Platform" },
    // Rule files for a Mimir or Thanos ruler:
    // mimir: { namespace: "platform" },
    // thanos: true,
  },
});
`;
}
