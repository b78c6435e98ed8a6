/** The public API of mixkit. */
export * from "./promql/index.js";
export * from "./rules/index.js";
export * from "./testing/index.js";
export * from "./catalog/index.js";
export * from "./dashboards/index.js";
export * from "./analysis/index.js";
export { ArtifactPathError, writeArtifacts } from "./generate/writer.js";
export { MixinConfigError } from "./mixins/common/config.js";
// Each shipped mixin's functions and catalogs come from its own entry (`mixkit/flux`, ...), so a
// config loads only the mixins it uses; their types are here too (types cost nothing to load).
export type {
  ExternalSecretsConfig,
  ExternalSecretsConfigInput,
  ExternalSecretsMixin,
  ExternalSecretsRules,
} from "./mixins/external-secrets/index.js";
export type {
  FluxConfig,
  FluxConfigInput,
  FluxDataSource,
  FluxMixin,
  FluxRules,
} from "./mixins/flux/index.js";
export type {
  SpireConfig,
  SpireConfigInput,
  SpireMixin,
  SpireRules,
} from "./mixins/spire/index.js";
export type {
  ProgressiveDeliveryConfig,
  ProgressiveDeliveryConfigInput,
  ProgressiveDeliveryMixin,
  ProgressiveDeliveryRules,
} from "./mixins/progressive-delivery/index.js";
export { shippedMixinNames } from "./mixins/names.js";
export type { ShippedMixinName } from "./mixins/names.js";
export { mixinRuleFiles, renameMixinLabels } from "./mixins/common/mixin.js";
export type { MixinOutput } from "./mixins/common/mixin.js";
export type { ShippedMixinConfigs } from "./mixins/index.js";
export { defineMixin, mixinConfig } from "./mixins/define.js";
export type {
  DefinedMixin,
  MixinConfigBase,
  MixinDefinition,
  MixinRules,
} from "./mixins/define.js";
// The pieces the shipped mixins' configs are made of, for your own: the same zod as mixkit's.
export {
  alertSettings,
  durationSchema,
  selectorSchema,
  severitySchema,
} from "./mixins/common/config.js";
export { groupBy, matchersOf } from "./mixins/common/labels.js";
export type { Relabeler } from "./mixins/common/labels.js";
export { z } from "zod";
export { defineConfig } from "./project/config.js";
export type { CustomMixin, MixkitConfig, OutputOptions } from "./project/config.js";
export { ConfigLoadError, ProjectError } from "./project/errors.js";
export type { ProjectProblem } from "./project/errors.js";
export { buildProject, buildProjectWith } from "./generate/project.js";
export type { ShippedMixinFactory, ShippedMixinRegistry } from "./mixins/load.js";
export type { BuiltMixin, ProjectBuild } from "./generate/project.js";
