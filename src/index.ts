/** The public API of mixkit. */
export * from "./promql/index.js";
export * from "./rules/index.js";
export * from "./testing/index.js";
export * from "./catalog/index.js";
export * from "./dashboards/index.js";
export { ArtifactPathError, writeArtifacts } from "./build/writer.js";
export { MixinConfigError } from "./mixins/common/config.js";
export * from "./mixins/external-secrets/index.js";
export * from "./mixins/flux/index.js";
export * from "./mixins/spire/index.js";
export * from "./mixins/progressive-delivery/index.js";
export { shippedMixins, mixinRuleFiles, renameMixinLabels } from "./mixins/index.js";
export type { MixinOutput, ShippedMixinConfigs, ShippedMixinName } from "./mixins/index.js";
export * from "./analysis/index.js";
