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

**Recording rules at scale: 4 % of a 30 s interval (fixed).** In \`npm run bench:queries\` the
External Secrets rules took 1.2 s per 30 s evaluation (target: 1 %). Two causes. (1) The
measurement: the server evaluates at the wall clock inside the backfilled blocks, so every append
failed "out of bounds", each failed sample costing more than a real append (at a third of the
fleet, 150 ms per evaluation instead of 65 ms). The bench server now accepts those results out of
order (\`out_of_order_time_window\`), so evaluations append as on a live server; a server scraping
the same objects into its head measured about the same (55 ms). (2) The per-object rules read
every object's series from every replica: 63,000 series on the fleet, about 10–20 µs each,
whatever the window (15 m cost about what 2 m did). That work cannot shrink while the rules are
per object, so they moved to their own group, \`external-secrets.objects.rules\`, every
\`objectRulesInterval\` (3 m by default; 2 m measured 1.05 %, 3 m 0.48 %); the controller-level
rules stay at 30 s (0.03 %). Object status changes slowly, and its alerts wait 10 minutes.

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

**Dashboards: the emitter spread a literal per optional key (fixed).** With the builders
cheaper, a profile of \`emitDashboard\` alone (200 built models, emitted in a loop) put a quarter
of its time in \`emitPanel\` and \`emitVariable\` themselves and another quarter in garbage
collection: every optional key was written as \`...(x === undefined ? {} : { x })\`, a temporary
object and a generic copy per key, a dozen per panel. The optional keys are now assigned to the
object after its fixed keys, in the same order: emitting fell from about 0.45 ms to 0.06–0.1 ms
per dashboard (side by side, same process), with byte-identical output.

**Dashboards: the 2x and 1x targets against the SDK are still missed, and why.** What remains
is the design rather than a defect. The SDK's \`build()\` validates nothing and returns its own
mutable object. mixkit's builders freeze and copy what each step changes (about 60 steps here),
build and print a PromQL syntax tree per query and infer the labels it returns (for the legend
check); validation then checks every variable, reference, unit, threshold, legend, refId, id and
size. An experiment this session (not shipped) switched copying and freezing off entirely: side
by side in one process, the builders took about half their time, builders plus emitter about
half, the validated build about two thirds. That is the most a builder-internal mutable draft
frozen once at \`build()\` (the candidate left from the last pass) could gain: it would halve
the "validation off" ratio and cut the "validation on" one by a third, which leaves both several
times the SDK, not 1x and 2x, because typed queries and the checks alone cost more than the SDK's
whole build. Meeting the targets means giving up frozen models, typed PromQL
or validation, which are the reasons to use mixkit; a validated 20-panel dashboard takes about
1 ms.

**1,000 dashboards + 10,000 rules: the 5 s target was missed (fixed).** The rules took about
3 s of it, the dashboards 4.5–5.7 s across runs, and a profile of \`dashboardArtifacts\` (300
dashboards) put 60 % of that in \`formatJson\` (src/dashboards/json-text.ts, the prettier-layout
JSON printer): the JSON text of each dashboard was printed twice, once for \`<uid>.json\` and again
by \`dashboardConfigMap\` for the ConfigMap's data, and \`dashboardArtifacts\` also validated each
dashboard twice (\`validate()\`, then \`build()\`). It now validates once and prints the text once
for every file (\`configMapText\`, \`grafanaDashboardText\`), with byte-identical output.

**1,000 dashboards + 10,000 rules, second pass.** On this session's busier machine the combined
run measured 4.7–6.6 s, around the 5 s target. A profile of 1,000 dashboards put a fifth of the
time in the yaml library writing each dashboard's JSON into its ConfigMap (several scans of
100 KB per dashboard) and a quarter in \`formatJson\`; one of 10,000 rules put half in \`toYaml\`,
most of it parsing every record and alert name twice to rule out \`no\` or \`1e3\`. Fixes, each
with byte-identical output and a property test: the JSON is written as a literal block directly
when it fits one (\`toYamlWithText\`, checked against the library's own output); names of six or
more word characters starting with a letter skip the parse (no boolean or null word is that
long); \`formatJson\` quotes plain strings without \`JSON.stringify\` and reuses indentation
strings. Side by side: ConfigMaps about 20 % faster, rules 20–35 %, \`formatJson\` about 15 %.

**The command's start: 1.0–1.3 s, then about half a second (#18).** A profile of a cold \`mixkit
check\` showed about 160 ms in babel (jiti transpiling \`mixkit.config.ts\` on every run), 200 ms
resolving and loading modules, 150 ms collecting garbage. Changes: the config is loaded through
Node's module hooks and stripped of its types by amaro (the stripper Node ships), cached per file
in \`node_modules/.cache/mixkit\`, so a run whose config did not change strips nothing and loads
no transpiler (amaro's WebAssembly costs about 50 ms to compile, on a cache miss only); each
command's module is loaded only when it runs (\`mixkit --help\` went from 200 ms to the time of
\`node\` itself); shipped mixins are loaded only when the config enables them (4–11 ms of module
loading each; test/cli-start.test.ts logs every module the bin loads and fails if an unused
mixin or another command is among them); the rule YAML decides more strings without parsing them
(400 to about 240 parses per build). **Still missed on Node 20: 3x \`node -e 0\`.** Where the rest
goes, from timestamps in a cold \`check\` of this repository on Node 20 (a busier moment of this
machine, \`node -e 0\` at 60–80 ms): reaching the config 200 ms (Node's start, then about 170 ES
modules of mixkit plus zod's and yaml's own, compiled afresh every run: Node 20 keeps no compiled
code between runs), loading the config 85 ms (30–50 ms of it starting the worker thread that runs
module hooks on Node before 22.15), building every mixin 240 ms (cold code: the same build takes
40 ms once warm, the watch rounds show it). 40 % of that build was the yaml library (a document
model, visitors and tag tests for every value): plain data (maps, lists, printable single-line
strings, plain numbers) is now written directly, byte for byte as the library writes it, and
anything else is left to the library (src/rules/yaml-plain.ts; property tests compare both on
generated data), which took the cold build in process from about 170 ms to about 100 ms. On Node
22.15 and later the hooks run on the main thread (\`module.registerHooks\`, no worker) and Node's
compile cache (22.1 and later) keeps mixkit's compiled modules in
\`node_modules/.cache/mixkit/v8\`; the "Start" table shows that Node beside Node 20 when the bench
is run with \`BENCH_NODE\`. What could still come off, and was not done: one bundled module instead
of about 170 (an experiment: importing the library went from 110–140 ms to 65 ms). It would not
reach 3x either: with no work at all but the cold build, a run is already about 2x \`node -e 0\`;
3x means not building on most runs (a cache of the build keyed on every input, or a resident
process), which is a decision about what \`check\` promises, not a tuning.

**The test suite: 4.5–13 minutes, now about 1.5 (#18).** Two thirds of it was the type tests,
one compiler run per \`@ts-expect-error\` line (59 runs of about 8 s): now two runs over every
type-test file (annotations in place, then all removed at once, each diagnostic mapped to its
line; an error on a line without an annotation fails too), 152 s to 10 s. Vitest ran one file at
a time on 2 cores (its default is one worker less than the CPUs) while most slow files wait on
promtool, Prometheus or npm: now one worker more than the CPUs. Flux's day-long scenarios were
evaluated every minute for a simulated day each (3.3 s of promtool); a scenario may now set its
own \`evaluationInterval\` and gets its own test file (Flux's: 10 minutes, 0.4 s). \`mixkit test\`
ran each file in a worker thread that loaded the module graph to block on \`spawnSync\`: now
async child processes. Live Prometheus checks evaluate every second instead of every two.`;
