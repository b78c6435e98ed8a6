/**
 * Every mixin mixkit ships, by name, each a function from its config input to its output, loaded
 * at once (`mixkit/mixins`). A build loads only the mixins its config enables (./load.ts).
 */
import { externalSecretsMixin } from "./external-secrets/index.js";
import { fluxMixin } from "./flux/index.js";
import type { ShippedMixinName } from "./names.js";
import { spireMixin } from "./spire/index.js";
import { progressiveDeliveryMixin } from "./progressive-delivery/index.js";

export const shippedMixins = {
  "external-secrets": externalSecretsMixin,
  flux: fluxMixin,
  spire: spireMixin,
  "progressive-delivery": progressiveDeliveryMixin,
} as const satisfies Record<ShippedMixinName, unknown>;

export type ShippedMixinConfigs = {
  readonly [N in ShippedMixinName]?: Parameters<(typeof shippedMixins)[N]>[0];
};

export { shippedMixinNames, type ShippedMixinName } from "./names.js";
export { mixinRuleFiles, renameMixinLabels } from "./common/mixin.js";
export type { MixinOutput } from "./common/mixin.js";
