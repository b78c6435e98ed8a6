/**
 * The artifacts mixkit ships in its own repository: every mixin with its default config, as the
 * files under `rules/` and `dashboards/`. Pure: the same sources always give the same files.
 */
import { dashboardArtifacts } from "../dashboards/artifacts.js";
import {
  externalSecretsMixin,
  externalSecretsRuleFiles,
} from "../mixins/external-secrets/index.js";

/** Top-level folders the shipped artifacts live in; nothing else may be in them. */
export const artifactRoots = ["rules", "dashboards"] as const;

export function shippedArtifacts(): Map<string, string> {
  const out = new Map<string, string>();
  const eso = externalSecretsMixin();
  for (const [file, text] of externalSecretsRuleFiles(eso))
    out.set(`rules/${eso.name}/${file}`, text);
  for (const [file, text] of dashboardArtifacts([eso.dashboard], {
    configMap: { namespace: "monitoring", folder: "Platform" },
  }))
    out.set(`dashboards/${eso.name}/${file}`, text);
  return out;
}
