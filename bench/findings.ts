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

**Dashboards: deep copies on every builder step (first pass).** Building a dashboard is mostly
the builders, not validation: validation (validateDashboard) is about 0.1–0.15 ms of the ~1.5 ms
per dashboard. The largest single cost was \`frozenCopy\` (src/dashboards/plain.ts): every panel,
row and dashboard method deep-copies and freezes its whole model, so each panel's model was copied
again by each later panel method, by \`row()\` and by \`dashboard().rows()\`. \`frozenCopy\` now
shares what it has already copied and frozen (a WeakSet of its own results; they are frozen at
every level and owned by no caller, so sharing cannot leak a mutation) and one frozen empty array:
about 15–20 % off construction. Immutability is unchanged (test/dashboards-immutability.test.ts).

**Dashboards: copies and sorting, second pass (fixed).** A second profile of loops of the
benchmark dashboard put 16 % of the time in \`frozenCopy\`, 11 % in \`sortKeys\` and 15 % in
garbage collection. Four causes, each fixed with unchanged output (every committed dashboard is
byte-identical) and unchanged immutability: (1) the WeakSet that let \`frozenCopy\` share its own
results cost more than the copies it saved: a hash lookup per value, an entry per object, and
ephemeron tables for the collector to trace; a copy is now marked by a module-private,
non-enumerable symbol. (2) Every builder step still walked its whole model; \`frozenPatch\` copies
only the changed keys and shares the rest, in the same key order (a first version moved changed
keys to the end, multiplied hidden classes and was slower than before). (3) \`emitDashboard\`
returned a sorted deep copy of the JSON model; keys are now sorted while the text is printed
(\`canonicalJson\`), so no copy is made. (4) \`fnv1a\` (panel ids) allocated a TextEncoder and a
buffer per id; it now encodes UTF-8 itself (property-tested against TextEncoder). Old and new
side by side in one process: validated builds about 35 % faster, builders about 10 %.

**Dashboards: the 2x and 1x targets against the SDK are still missed, and why.** What remains
is the design rather than a defect. Per builder step, a frozen copy of what changed costs 2–4 µs
(measured in isolation), and the benchmark dashboard takes about 60 steps: that alone exceeds the
SDK's whole time, because the SDK's \`build()\` validates nothing and returns its own mutable
object (about 0.02–0.07 ms per dashboard). Typed PromQL builds and prints a syntax tree per query
and infers the labels it returns (for the legend check); validation checks every variable,
reference, unit, threshold, legend, refId, id and size. With freezing switched off entirely (an
experiment, not shipped) the builders alone were still about 12x the SDK. Meeting 2x would mean
giving up frozen models or typed queries; we keep both, and a validated 20-panel dashboard takes
under 1 ms. Candidate for later: a builder-internal mutable draft frozen once at \`build()\`,
which changes the builders' structure and was not attempted here.

**1,000 dashboards + 10,000 rules: the 5 s target was missed (fixed).** The rules took about
3 s of it, the dashboards 4.5–5.7 s across runs, and a profile of \`dashboardArtifacts\` (300
dashboards) put 60 % of that in \`formatJson\` (src/dashboards/json-text.ts, the prettier-layout
JSON printer): the JSON text of each dashboard was printed twice, once for \`<uid>.json\` and again
by \`dashboardConfigMap\` for the ConfigMap's data, and \`dashboardArtifacts\` also validated each
dashboard twice (\`validate()\`, then \`build()\`). It now validates once and prints the text once
for every file (\`configMapText\`, \`grafanaDashboardText\`), with byte-identical output.`;
