/** Stable identifiers of the Flux mixin's outputs. */
import type { FluxConfig } from "./config.js";

export const mixinName = "flux";

export function dashboardUid(config: Pick<FluxConfig, "dashboardUidPrefix">): string {
  return `${config.dashboardUidPrefix}flux`;
}
