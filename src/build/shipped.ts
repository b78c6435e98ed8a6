/**
 * What mixkit commits in its own repository under `rules/` and `dashboards/`: every shipped mixin
 * with its default config. The same config as the repository's `mixkit.config.ts` (which `npm run
 * build` runs); the tests compare both with the committed files. Pure: same sources, same files.
 */
import { shippedMixins } from "../mixins/index.js";
import { shippedMixinNames } from "../mixins/names.js";
import { defineConfig } from "../project/config.js";
import { artifactRoots } from "./layout.js";
import { buildProjectWith } from "./project.js";

export { artifactRoots };

export const shippedConfig = defineConfig({
  mixins: Object.fromEntries(shippedMixinNames.map((name) => [name, {}])),
  outputs: {
    configMap: { namespace: "monitoring", folder: "Platform" },
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

/** The files under `rules/` and `dashboards/`, by path from the repository root. */
export function shippedArtifacts(): Map<string, string> {
  const { files } = buildProjectWith(shippedConfig, shippedMixins);
  return new Map(
    [...files].filter(([rel]) => artifactRoots.some((root) => rel.startsWith(`${root}/`))),
  );
}
