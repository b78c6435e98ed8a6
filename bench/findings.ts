/** What profiling found where a target was missed, and what was changed (kept by hand). */
export const findings = `Profiles taken with \`node --cpu-prof --import tsx\` on bench/scale-child.ts and on loops
of the benchmark dashboard.

**Rules: YAML quoting parsed every scalar twice (fixed).** The first run of 1,000 rules took
7.9 s, 10,000 rules over a minute. 70 % of the time was \`toYaml\` (src/rules/yaml.ts) asking the
\`yaml\` parser, in YAML 1.1 and 1.2, whether each string would read back as something else
(\`No\`, \`on\`, \`1e3\`). A fast path now answers "reads as itself" without parsing for single-line
printable text that starts a plain scalar, holds no \`: \` or \` #\`, and contains a character
no null, boolean, number or timestamp of either version has (\`(\`, \`{\`, \`$\`, \`/\`, \`=\`, quotes,
...): PromQL and templated descriptions. Everything else is parsed as before, and the short texts
that repeat (keys, severities, summaries) are remembered. Output is byte-identical: compared with
the old function on every string of the committed artifacts and on 600,000 generated strings.

**Rules: PrometheusRule splitting was quadratic (fixed).** \`emitPrometheusRules\`
(src/rules/emit.ts) printed the whole candidate manifest again for every group added, to compare
its size with prometheus-operator's 512 KiB: a 10,000-rule set reprinted up to 512 KiB 500 times.
A manifest's size is its header plus one block per group (fresh objects, no aliases, no folding),
so each group is now printed once and the sizes added; every emitted manifest is still measured,
and one above the limit falls back to printing every candidate. The chunks are the same as
before (compared with the old function on 2 generated sets, 8 limits and 2 option sets). With
both fixes, 10,000 rules take 2.3–3 s instead of over a minute (1,000: 0.4 s instead of 7.9 s),
and the growth per 10x is about 6–7x instead of quadratic.

**Dashboards: deep copies on every builder step (partly fixed).** Building a dashboard is mostly
the builders, not validation: validation (validateDashboard) is about 0.1–0.15 ms of the ~1.5 ms
per dashboard. The largest single cost was \`frozenCopy\` (src/dashboards/plain.ts): every panel,
row and dashboard method deep-copies and freezes its whole model, so each panel's model was copied
again by each later panel method, by \`row()\` and by \`dashboard().rows()\`. \`frozenCopy\` now
shares what it has already copied and frozen (a WeakSet of its own results; they are frozen at
every level and owned by no caller, so sharing cannot leak a mutation) and one frozen empty array:
about 15–20 % off construction. Immutability is unchanged (test/dashboards-immutability.test.ts).

**Dashboards: the 2x and 1x targets against the SDK are missed, and why.** The remaining cost
is the design, not a defect: typed PromQL builds a syntax tree per query, infers the labels the
query returns (for the legend check) and prints it (~0.1 ms of 22 queries); every builder step
returns a new frozen object; the emitter writes Grafana's full JSON model (the SDK leaves defaults
out: its JSON is ~20 % smaller) and sorts keys at every level for byte-identical output
(\`sortKeys\`, ~0.1 ms). The SDK's \`build()\` validates nothing and returns its builder's own
mutable object, so it does almost no work of its own: about 0.1 ms per dashboard. Meeting 1x would
mean giving up immutability, sorted output or typed queries. In absolute terms mixkit builds a
20-panel dashboard, validated, in about 1.5 ms. Further candidates, not done here: a mutable
builder-internal model frozen once at \`build()\`, and emitting keys in sorted order instead of
sorting a finished copy.

**1,000 dashboards + 10,000 rules: the 5 s target was missed (fixed).** The rules took about
3 s of it, the dashboards 4.5–5.7 s across runs, and a profile of \`dashboardArtifacts\` (300
dashboards) put 60 % of that in \`formatJson\` (src/dashboards/json-text.ts, the prettier-layout
JSON printer): the JSON text of each dashboard was printed twice, once for \`<uid>.json\` and again
by \`dashboardConfigMap\` for the ConfigMap's data, and \`dashboardArtifacts\` also validated each
dashboard twice (\`validate()\`, then \`build()\`). It now validates once and prints the text once
for every file (\`configMapText\`, \`grafanaDashboardText\`), with byte-identical output.`;
