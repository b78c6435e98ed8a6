/** Stable identifiers of the SPIRE mixin's outputs. */
import type { SpireConfig } from "./config.js";

export const mixinName = "spire";

export function dashboardUid(config: Pick<SpireConfig, "dashboardUidPrefix">): string {
  return `${config.dashboardUidPrefix}spire`;
}
