/**
 * The artifacts mixkit ships in its own repository: every mixin with its default config, as the
 * files under `rules/` and `dashboards/`. Pure: the same sources always give the same files.
 */
import { dashboardArtifacts } from "../dashboards/artifacts.js";
import { mixinRuleFiles } from "../mixins/common/mixin.js";
import { shippedMixins } from "../mixins/index.js";

/** Top-level folders the shipped artifacts live in; nothing else may be in them. */
export const artifactRoots = ["rules", "dashboards"] as const;

export function shippedArtifacts(): Map<string, string> {
  const out = new Map<string, string>();
  for (const build of Object.values(shippedMixins)) {
    const mixin = build();
    for (const [file, text] of mixinRuleFiles(mixin)) out.set(`rules/${mixin.name}/${file}`, text);
    const dashboards = dashboardArtifacts(mixin.dashboards, {
      configMap: { namespace: "monitoring", folder: "Platform" },
    });
    for (const [file, text] of dashboards) out.set(`dashboards/${mixin.name}/${file}`, text);
  }
  return out;
}
