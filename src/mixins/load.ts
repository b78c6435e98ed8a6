/**
 * Loads shipped mixins by name, each module only when a config enables it. The registry it returns
 * has the same shape as `shippedMixins` (src/mixins/index.ts, which loads all of them at once).
 */
import type { MixinOutput } from "./common/mixin.js";
import type { ShippedMixinName } from "./names.js";

/** A shipped mixin: a function from its config input (checked by the mixin) to its output. */
export type ShippedMixinFactory = (input: never) => MixinOutput;
export type ShippedMixinRegistry = Readonly<Partial<Record<ShippedMixinName, ShippedMixinFactory>>>;

const loaders: Readonly<Record<ShippedMixinName, () => Promise<ShippedMixinFactory>>> = {
  "external-secrets": async () =>
    (await import("./external-secrets/index.js")).externalSecretsMixin,
  flux: async () => (await import("./flux/index.js")).fluxMixin,
  spire: async () => (await import("./spire/index.js")).spireMixin,
  "progressive-delivery": async () =>
    (await import("./progressive-delivery/index.js")).progressiveDeliveryMixin,
};

export async function loadShippedMixins(
  names: Iterable<ShippedMixinName>,
): Promise<ShippedMixinRegistry> {
  const wanted = [...new Set(names)];
  const factories = await Promise.all(wanted.map((name) => loaders[name]()));
  return Object.fromEntries(wanted.map((name, i) => [name, factories[i]]));
}
