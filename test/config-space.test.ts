/**
 * The config space, tested as a whole (#19): random valid configs of every shipped mixin, drawing
 * every option of its schema (thresholds, `for`, severities, critical objects, data sources, label
 * names, the cluster label, selectors, URLs, versions). For each config: the project builds, its
 * plain rule file passes `promtool check rules --lint=all --lint-fatal`, every shipped scenario
 * passes in the real promtool, and `mixkit lint` finds nothing. A shipped mixin's scenarios are
 * part of the user's build (`mixkit test`), which the user cannot edit: a valid option that breaks
 * them is a defect of the mixin.
 *
 * Cost: promtool dominates. A case's test file takes 1 to 8 s of one core (measured on 2 cores:
 * progressive-delivery about 1 s, SPIRE 2.5 s, External Secrets 4 s, Flux 3 to 8 s with several
 * data sources), longer `for`s longer; building and linting a case takes 0.1 s. The cases of all
 * mixins share one pool of promtool processes, one per core. The CI default, 2 cases per mixin
 * (8 configs, about 28 promtool-seconds), runs in about 13 s on 2 cores (vitest's "tests" time;
 * plus the suite's global setup when run alone). Durations are drawn mostly short (up to 15m),
 * sometimes up to an hour or days, so that CI stays fast and long runs reach the far values.
 *
 * MIXKIT_PROPERTY_CASES sets the cases per mixin, MIXKIT_PROPERTY_SEED the seed: fixed by default,
 * so that CI judges every change on the same configs, `random` for a new draw (every failure prints
 * the seed, with the failing config, so that a failure replays):
 *   MIXKIT_PROPERTY_CASES=100 npx vitest run test/config-space.test.ts   (about 10 minutes)
 *   MIXKIT_PROPERTY_SEED=1234 MIXKIT_PROPERTY_CASES=2 npx vitest run test/config-space.test.ts
 * MIXKIT_PROPERTY_MIXINS=flux,spire runs only those mixins; MIXKIT_PROPERTY_VERBOSE=1 prints the
 * time of each promtool run.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { lintProject } from "../src/generate/lint.js";
import { buildProjectWith, checkRulesAsync, testRulesAsync } from "../src/index.js";
import { shippedMixins, type ShippedMixinName } from "../src/mixins/index.js";
import { externalSecretsConfigSchema } from "../src/mixins/external-secrets/index.js";
import { fluxConfigSchema, fluxDataSources } from "../src/mixins/flux/index.js";
import { reconcileBuckets } from "../src/mixins/flux/config.js";
import { spireConfigSchema } from "../src/mixins/spire/index.js";
import { progressiveDeliveryConfigSchema } from "../src/mixins/progressive-delivery/index.js";
import { canaryPhases } from "../src/mixins/progressive-delivery/kube-state-metrics.js";

const cases = Number(process.env["MIXKIT_PROPERTY_CASES"] ?? 2);
const seedSetting = process.env["MIXKIT_PROPERTY_SEED"] ?? "20261207";
const seed = seedSetting === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(seedSetting);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed))
  throw new Error(
    "MIXKIT_PROPERTY_CASES takes a whole number above 0, MIXKIT_PROPERTY_SEED an integer or random",
  );
/** MIXKIT_PROPERTY_MIXINS=flux,spire narrows the run to those mixins. */
const only = process.env["MIXKIT_PROPERTY_MIXINS"]?.split(",");
const replay = `replay: MIXKIT_PROPERTY_SEED=${seed} MIXKIT_PROPERTY_CASES=${cases} npx vitest run test/config-space.test.ts`;

// ---------------------------------------------------------------------------------------------
// Generators. A spec is a tree of arbitraries shaped like the schema: every key optional (so the
// defaults are drawn too), and a test below holds each spec's keys equal to its schema's.
// ---------------------------------------------------------------------------------------------

type Spec = { readonly [key: string]: fc.Arbitrary<unknown> | Spec };

function record(spec: Spec): fc.Arbitrary<Record<string, unknown>> {
  const arbs = Object.fromEntries(
    Object.entries(spec).map(([k, v]) => [k, v instanceof fc.Arbitrary ? v : record(v)]),
  );
  return fc.record(arbs, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A Prometheus duration of `min` to `max` seconds, written in one of the forms users write. */
function duration(minSeconds: number, maxSeconds: number): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: minSeconds, max: maxSeconds }), fc.nat(3)).map(([s, style]) => {
    if (s === 0) return style % 2 === 0 ? "0s" : "0m";
    if (style === 0 || s % 60 !== 0) {
      // "90s", "1m30s"
      if (style === 1 && s > 60) return `${Math.floor(s / 60)}m${s % 60 === 0 ? "" : `${s % 60}s`}`;
      return `${s}s`;
    }
    const m = s / 60;
    if (style === 1 || m % 60 !== 0) {
      // "90m", "1h30m"
      if (style === 2 && m > 60) return `${Math.floor(m / 60)}h${m % 60 === 0 ? "" : `${m % 60}m`}`;
      return `${m}m`;
    }
    const h = m / 60;
    return style === 3 && h % 24 === 0 ? `${h / 24}d` : `${h}h`;
  });
}

/**
 * A `for`: mostly short (up to 15 minutes, the common case, cheap for promtool), sometimes up to
 * `maxMinutes`; mostly whole minutes, sometimes any number of seconds.
 */
const forDuration = (maxMinutes: number) => {
  const upTo = (max: number) =>
    fc.oneof(
      { arbitrary: duration(0, max * 60), weight: 1 },
      {
        arbitrary: fc.integer({ min: 0, max }).chain((m) => duration(m * 60, m * 60)),
        weight: 3,
      },
    );
  return fc.oneof({ arbitrary: upTo(15), weight: 4 }, { arbitrary: upTo(maxMinutes), weight: 1 });
};

const severity = fc.constantFrom("critical", "warning", "info");
const alert = (maxForMinutes = 60): Spec => ({ for: forDuration(maxForMinutes), severity });
/** A "metrics absent" alert: its lookback is how long a vanished cluster is remembered. */
const presence = (): Spec => ({
  ...alert(),
  lookback: fc.constantFrom("1h", "6h", "1d", "3d", "7d"),
});

/** Label names a user may well pick, and some odd but valid ones. */
const labelName = fc.constantFrom(
  "cluster",
  "namespace",
  "k8s_cluster",
  "_cluster",
  "Cluster",
  "tenant_id",
  "region",
  "source_cluster",
);
const namespaceLabel = fc.constantFrom("exported_namespace", "namespace", "object_namespace", "ns");

/** Label values that need escaping in PromQL, YAML and templates, besides plain ones. */
const labelValue = fc.constantFrom(
  "flux-system",
  "monitoring",
  "a b",
  'quote"d',
  "back\\slash",
  "é",
);

/** A matcher value: an exact string or a regex the scenarios can find a matching value for. */
const matcherValue = fc.oneof(
  labelValue,
  fc
    .constantFrom(".+", "flux-.*", "monitoring|observability", "x.*y", "prod")
    .map((regex) => ({ regex })),
);

/** Selector labels: where targets are told apart. The mixins read their object labels themselves. */
const selector = fc.dictionary(
  fc.constantFrom("job", "namespace", "service", "container", "endpoint", "app_kubernetes_io_name"),
  matcherValue,
  { maxKeys: 2 },
);

const url = fc.constantFrom(
  "https://grafana.example.com",
  "http://localhost:3000",
  "https://example.com/grafana/",
  "https://grafana.example.com/a?b=c&d=e",
);

const common: Spec = {
  objectNamespaceLabel: namespaceLabel,
  clusterLabel: labelName,
  // Above 1m15s is refused (the 5m rate windows need 4 scrapes): drawn, and filtered out.
  scrapeInterval: fc.constantFrom("10s", "15s", "30s", "1m", "1m15s", "2m"),
  extraAlertLabels: fc.dictionary(fc.constantFrom("team", "tier", "owner"), labelValue, {
    maxKeys: 2,
  }),
  runbookBaseUrl: fc.constantFrom(
    "https://runbooks.example.com/flux.md",
    "https://wiki.example.com/x?y=1",
  ),
  grafanaUrl: url,
  dashboardUidPrefix: fc.constantFrom("", "mixkit-", "team_a-", "x".repeat(20)),
  prometheusRuleLabels: fc.dictionary(fc.constantFrom("release", "role", "app"), labelValue, {
    maxKeys: 2,
  }),
};

const externalSecrets: Spec = {
  ...common,
  selector,
  version: fc.constantFrom("v0.8.0", "0.9.0", "v0.14.4", "v0.15.0", "v1.2.1", "v2.9.0", "v0.7.9"),
  objectRulesInterval: fc.constantFrom("30s", "1m", "2m", "3m", "5m"),
  externalSecretNotReady: alert(),
  pushSecretNotReady: alert(),
  secretStoreNotReady: alert(),
  syncErrors: { ...alert(), errors: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })) },
  providerErrors: {
    ...alert(),
    ratio: fc.double({ min: 0.001, max: 0.99, noNaN: true }),
  },
  reconcileErrors: {
    ...alert(),
    ratio: fc.double({ min: 0.001, max: 0.99, noNaN: true }),
  },
  metricsAbsent: presence(),
  clusterReconcileErrors: alert(),
  webhookMetricsAbsent: { ...presence(), enabled: fc.boolean(), selector },
  certControllerMetricsAbsent: { ...presence(), enabled: fc.boolean(), selector },
  criticalObjects: fc.array(
    record({
      // required in the schema: the record leaves it out sometimes, the map puts it back
      namespace: matcherValue,
      name: matcherValue,
      for: forDuration(60),
      severity,
    }).map((c) => ({ namespace: "payments", ...c })),
    { maxLength: 3 },
  ),
  kubeStateMetrics: {
    enabled: fc.boolean(),
    selector,
    staleAfter: duration(60 * 60, 6 * 60 * 60),
    severity,
  },
};

const flux: Spec = {
  ...common,
  sources: fc
    .uniqueArray(fc.constantFrom(...fluxDataSources), { minLength: 1, maxLength: 3 })
    .map((s) => [...s]),
  controllerSelector: selector,
  ksmSelector: selector,
  fluxOperatorSelector: selector,
  helmReleaseNotReady: alert(),
  kustomizationNotReady: alert(),
  sourceNotReady: alert(),
  resourceSuspended: alert(2 * 24 * 60),
  reconcileSlow: {
    ...alert(),
    slowerThan: fc.constantFrom(...reconcileBuckets.map((b) => b.seconds)),
    share: fc.double({ min: 0.001, max: 0.99, noNaN: true }),
    // gone: only its absence is valid
    seconds: fc.constant(undefined),
  },
  resourceReadyUnknown: alert(3 * 60),
  imageAutomationNotReady: alert(),
  receiverNotReady: alert(),
  instanceNotReady: alert(),
  metricsAbsent: presence(),
  kindMetricsAbsent: alert(),
};

const spire: Spec = {
  ...common,
  agentSelector: selector,
  serverSelector: selector,
  // Before and after v1.13.3, the first release with the CA expiry gauge.
  version: fc.constantFrom("v1.12.0", "1.13.2", "v1.13.3", "v1.15.3"),
  // The servers' ca_ttl: mostly a day or a few, sometimes up to a year (the rotation scenarios
  // replay days of rotations at a step derived from it).
  caTTL: fc.oneof(
    { arbitrary: duration(60 * 60, 3 * 24 * 60 * 60), weight: 3 },
    { arbitrary: duration(60 * 60, 365 * 24 * 60 * 60), weight: 1 },
  ),
  agentSyncFailure: { ...alert(), ratio: fc.double({ min: 0.001, max: 0.99, noNaN: true }) },
  agentFleetSyncFailure: { ...alert(), share: fc.double({ min: 0.001, max: 0.99, noNaN: true }) },
  agentNoSuccessfulSync: { ...alert(), window: duration(5 * 60, 2 * 60 * 60) },
  agentSvidRotationFailure: alert(),
  // Below min(caTTL / 6, 7d), where SPIRE activates the next CA: mostly under 10 minutes (below it
  // for any caTTL), sometimes up to a week (the schema refuses those at or above that point).
  caExpiringSoon: {
    ...alert(),
    within: fc.oneof(
      { arbitrary: duration(0, 10 * 60), weight: 3 },
      { arbitrary: duration(60 * 60, 7 * 24 * 60 * 60), weight: 1 },
    ),
  },
  caPreparationFailure: alert(),
  caExpiryUnmonitored: alert(),
  serverAttestationFailures: alert(),
  serverDatastoreErrors: { ...alert(), ratio: fc.double({ min: 0.001, max: 0.99, noNaN: true }) },
  serverEntryFetchErrors: { ...alert(), ratio: fc.double({ min: 0.001, max: 0.99, noNaN: true }) },
  serverSvidSigningErrors: { ...alert(), ratio: fc.double({ min: 0.001, max: 0.99, noNaN: true }) },
  serverReplicasMissing: { ...alert(), expected: fc.integer({ min: 2, max: 5 }) },
  metricsAbsent: presence(),
};

const window = fc.oneof(
  { arbitrary: duration(5 * 60, 30 * 60), weight: 4 },
  { arbitrary: duration(5 * 60, 2 * 60 * 60), weight: 1 },
);
const progressiveDelivery: Spec = {
  ...common,
  flagger: {
    enabled: fc.boolean(),
    selector,
    version: fc.constantFrom("v1.41.0", "v1.42.0", "1.44.0"),
    canaryFailed: alert(),
    canaryStuck: alert(3 * 60),
    canaryRollbacks: { severity, window },
    metricsAbsent: presence(),
    kubeStateMetrics: { enabled: fc.boolean(), selector },
    canaryPhaseStuck: {
      ...alert(),
      phases: fc
        .uniqueArray(fc.constantFrom(...canaryPhases), { minLength: 1, maxLength: 4 })
        .map((p) => [...p]),
    },
  },
  keptn: {
    enabled: fc.boolean(),
    metricsOperatorSelector: selector,
    lifecycleOperatorSelector: selector,
    analysisFailed: {
      severity,
      targetPercentage: fc.double({ min: 1, max: 100, noNaN: true }),
      window,
    },
    deploymentFailed: { severity, window },
    appDeploymentFailed: { severity, window },
    taskFailed: { severity, window },
    evaluationFailed: { severity, window },
    metricsAbsent: presence(),
  },
};

interface Subject {
  readonly name: ShippedMixinName;
  readonly spec: Spec;
  readonly schema: z.ZodType;
}

const subjects: readonly Subject[] = [
  { name: "external-secrets", spec: externalSecrets, schema: externalSecretsConfigSchema },
  { name: "flux", spec: flux, schema: fluxConfigSchema },
  { name: "spire", spec: spire, schema: spireConfigSchema },
  {
    name: "progressive-delivery",
    spec: progressiveDelivery,
    schema: progressiveDeliveryConfigSchema,
  },
];

// ---------------------------------------------------------------------------------------------
// The schema's keys, to hold the generators to every option.
// ---------------------------------------------------------------------------------------------

type KeyTree = { readonly [key: string]: KeyTree | null };

/** The object keys of a schema, nested objects as subtrees; wrappers (default, pipe...) unwrapped. */
function schemaKeys(schema: z.ZodType): KeyTree | null {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def["type"]) {
    case "object": {
      const shape = def["shape"] as Record<string, z.ZodType>;
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, schemaKeys(v)]));
    }
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
    case "readonly":
      return schemaKeys(def["innerType"] as z.ZodType);
    case "pipe":
      return schemaKeys(def["in"] as z.ZodType);
    default:
      return null;
  }
}

function specKeys(spec: Spec): KeyTree {
  return Object.fromEntries(
    Object.entries(spec).map(([k, v]) => [k, v instanceof fc.Arbitrary ? null : specKeys(v)]),
  );
}

/** A sorted copy, so that key order does not matter in comparisons. */
function sortedTree(t: KeyTree | null): unknown {
  if (t === null) return null;
  return Object.fromEntries(
    Object.keys(t)
      .sort()
      .map((k) => [k, sortedTree(t[k] ?? null)]),
  );
}

// ---------------------------------------------------------------------------------------------
// Running the cases.
// ---------------------------------------------------------------------------------------------

const dir = mkdtempSync(path.join(tmpdir(), "mixkit-config-space-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** At most `limit` promtool processes at once, across the concurrent tests of this file. */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const promtool = limiter(availableParallelism());

interface CaseResult {
  readonly index: number;
  readonly config: unknown;
  readonly problems: readonly string[];
}

/** Builds one config, writes its rules, and runs promtool and the lint on it. */
async function runCase(subject: Subject, index: number, config: unknown): Promise<CaseResult> {
  const problems: string[] = [];
  let build;
  try {
    build = buildProjectWith(
      {
        mixins: { [subject.name]: config },
        outputs: { kustomization: false },
        // Unset URLs are a finding by design (a user is told to set them); the rest must be clean.
        lint: {
          silence: [
            { check: "runbook-base-url-unset", reason: "drawn configs may leave it unset" },
            { check: "grafana-url-unset", reason: "drawn configs may leave it unset" },
          ],
        },
      },
      { [subject.name]: shippedMixins[subject.name] },
    );
  } catch (err) {
    return { index, config, problems: [`build failed: ${(err as Error).message}`] };
  }
  const here = path.join(dir, `${subject.name}-${index}`);
  for (const [file, text] of build.files) {
    if (!file.startsWith("rules/")) continue;
    mkdirSync(path.dirname(path.join(here, file)), { recursive: true });
    writeFileSync(path.join(here, file), text);
  }
  const lint = lintProject(build);
  for (const f of lint.findings)
    problems.push(`mixkit lint: ${f.file}: ${f.where}: ${f.message} [${f.check}]`);
  const mixin = build.mixins[0]!;
  const jobs: Promise<void>[] = [];
  if (mixin.ruleFile !== undefined) {
    const ruleFile = path.join(here, mixin.ruleFile);
    jobs.push(
      promtool(() => checkRulesAsync([ruleFile], { lint: true })).then((r) => {
        if (!r.ok)
          problems.push(`promtool check rules --lint=all --lint-fatal:\n${r.output.trim()}`);
      }),
    );
  }
  for (const testFile of mixin.testFiles)
    jobs.push(
      promtool(async () => {
        const started = Date.now();
        const r = await testRulesAsync(path.join(here, testFile));
        if (process.env["MIXKIT_PROPERTY_VERBOSE"])
          console.log(`${subject.name} case ${index} ${testFile}: ${Date.now() - started} ms`);
        return r;
      }).then((r) => {
        if (!r.ok)
          problems.push(
            `promtool test rules ${testFile}:\n${(r.failures.length > 0 ? r.failures.join("\n") : r.output).trim()}`,
          );
      }),
    );
  await Promise.all(jobs);
  return { index, config, problems };
}

function report(subject: Subject, failed: readonly CaseResult[]): string {
  return [
    `${failed.length} of ${cases} ${subject.name} configs failed (seed ${seed}; ${replay})`,
    ...failed.map(
      (c) =>
        `\n--- case ${c.index}, config:\n${JSON.stringify(c.config, null, 2)}\n${c.problems.join("\n").slice(0, 6000)}`,
    ),
  ].join("\n");
}

describe("the config space of every shipped mixin", () => {
  it.each(subjects)("the $name generator draws every option of the schema", (subject) => {
    expect(sortedTree(specKeys(subject.spec))).toEqual(sortedTree(schemaKeys(subject.schema)));
  });

  describe.concurrent(`${cases} random configs each (seed ${seed})`, () => {
    it.each(subjects.filter((s) => only === undefined || only.includes(s.name)))(
      "$name: builds, passes promtool's strict lint, its own scenarios and mixkit lint",
      async (subject) => {
        // Rules across keys (the cluster label is not the namespace label, a selector does not
        // match on the object namespace label, flagger or keptn or both) refuse some draws.
        const valid = (c: unknown) => subject.schema.safeParse(c).success;
        const drawn = fc.sample(record(subject.spec).filter(valid), { seed, numRuns: cases });
        const results = await Promise.all(drawn.map((config, i) => runCase(subject, i, config)));
        const failed = results.filter((r) => r.problems.length > 0);
        expect(failed.length, report(subject, failed)).toBe(0);
      },
      // A case runs every scenario of its mixin (healthy days, HA, clusters): alone about 10 s, but
      // CI's 2 cores run the other test files beside it, and there one mixin took 121 s.
      Math.max(300_000, cases * 60_000),
    );
  });
});
