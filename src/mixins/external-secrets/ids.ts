/** Stable identifiers of the External Secrets mixin's outputs. */
import type { ExternalSecretsConfig } from "./config.js";

export const mixinName = "external-secrets";

export function dashboardUid(config: Pick<ExternalSecretsConfig, "dashboardUidPrefix">): string {
  return `${config.dashboardUidPrefix}external-secrets`;
}
