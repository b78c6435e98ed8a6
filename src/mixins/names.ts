/**
 * The names of the mixins mixkit ships, without loading them: a config names the ones it enables,
 * and only those are loaded (src/mixins/load.ts), so a mixin a project does not use costs nothing.
 */
export const shippedMixinNames = [
  "external-secrets",
  "flux",
  "spire",
  "progressive-delivery",
] as const;

export type ShippedMixinName = (typeof shippedMixinNames)[number];

export const isShippedMixinName = (name: string): name is ShippedMixinName =>
  (shippedMixinNames as readonly string[]).includes(name);
