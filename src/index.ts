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
export { shippedMixins, mixinRuleFiles, renameMixinLabels } from "./mixins/index.js";
export type { MixinOutput, ShippedMixinConfigs, ShippedMixinName } from "./mixins/index.js";
export { defineConfig } from "./project/config.js";
export type { CustomMixin, MixkitConfig, OutputOptions } from "./project/config.js";
export { ConfigLoadError, ProjectError } from "./project/errors.js";
export type { ProjectProblem } from "./project/errors.js";
export { buildProject } from "./build/project.js";
export type { BuiltMixin, ProjectBuild } from "./build/project.js";
