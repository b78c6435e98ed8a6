/** Stable identifiers of the progressive delivery mixin's outputs. */
import type { ProgressiveDeliveryConfig } from "./config.js";

export const mixinName = "progressive-delivery";

export function dashboardUid(
  config: Pick<ProgressiveDeliveryConfig, "dashboardUidPrefix">,
): string {
  return `${config.dashboardUidPrefix}progressive-delivery`;
}
