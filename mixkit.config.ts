/**
 * This repository's own build: every shipped mixin with its defaults, into rules/ and dashboards/
 * (`npm run build` runs `mixkit build` on it; the tests run `mixkit check` on it).
 */
import { defineConfig, shippedMixinNames } from "mixkit";

export default defineConfig({
  mixins: Object.fromEntries(shippedMixinNames.map((name) => [name, {}])),
  outputs: {
    configMap: { namespace: "monitoring", folder: "Platform" },
    // The repository root is a source tree, not a folder for Flux or Argo CD to apply.
    kustomization: false,
  },
  lint: {
    silence: [
      {
        check: "runbook-base-url-unset",
        reason: "mixkit's own artifacts link mixkit's runbooks of the release",
      },
      { check: "grafana-url-unset", reason: "mixkit's own artifacts are for no one Grafana" },
    ],
  },
});
