/**
 * Type tests for the shipped mixins' configs, as a project config and as library calls: every
 * option is typed as its schema checks it (durations are DurationLiterals, URLs HttpUrls,
 * releases ReleaseVersions, severities and data sources their enums). test/type-tests.test.ts
 * proves each annotated line fails with the compiler message in the `// error:` comment above it.
 */
import { defineConfig } from "../../src/index.js";
import { externalSecretsMixin } from "../../src/mixins/external-secrets/index.js";
import { fluxMixin } from "../../src/mixins/flux/index.js";
import { progressiveDeliveryMixin } from "../../src/mixins/progressive-delivery/index.js";
import { spireMixin } from "../../src/mixins/spire/index.js";

export const ok = defineConfig({
  mixins: {
    "external-secrets": {
      scrapeInterval: "1m",
      externalSecretNotReady: { for: "1h30m", severity: "critical" },
      criticalObjects: [{ namespace: "payments", for: "2m" }],
      kubeStateMetrics: { enabled: true, staleAfter: "3h" },
    },
    flux: { sources: ["ksm", "legacy"], resourceSuspended: { for: "2d" } },
    spire: { caExpiringSoon: { within: "12h" } },
    "progressive-delivery": { keptn: { analysisFailed: { window: "45m" } } },
  },
});

defineConfig({
  mixins: {
    // error: Type '"20 minutes"' is not assignable to type 'DurationLiteral | undefined'
    // @ts-expect-error a duration in words is not a PromQL duration
    "external-secrets": { externalSecretNotReady: { for: "20 minutes" } },
  },
});

// error: Type '"fatal"' is not assignable to type '"critical" | "warning" | "info"
// @ts-expect-error severities are critical, warning or info
fluxMixin({ helmReleaseNotReady: { severity: "fatal" } });

// error: Type '"prometheus"' is not assignable to type '"ksm" | "flux-operator" | "legacy"'
// @ts-expect-error an unknown data source
fluxMixin({ sources: ["prometheus"] });

// error: Type '"6 hours"' is not assignable to type 'DurationLiteral | undefined'
// @ts-expect-error a duration in words
spireMixin({ caExpiringSoon: { within: "6 hours" } });

// error: Type 'number' is not assignable to type 'DurationLiteral | undefined'
// @ts-expect-error a number of seconds is not a duration
progressiveDeliveryMixin({ flagger: { canaryRollbacks: { window: 3600 } } });

// error: Type '"5"' is not assignable to type 'DurationLiteral | undefined'
// @ts-expect-error a duration without a unit
externalSecretsMixin({ criticalObjects: [{ namespace: "payments", for: "5" }] });

// error: Type '"runbooks.example.com"' is not assignable to type 'HttpUrl | undefined'
// @ts-expect-error a link needs an absolute http(s) URL
spireMixin({ runbookBaseUrl: "runbooks.example.com" });

// error: Type '"latest"' is not assignable to type 'ReleaseVersion | undefined'
// @ts-expect-error a release is a version number, not a tag
progressiveDeliveryMixin({ flagger: { version: "latest" } });
