/**
 * Every shipped mixin's config schema by name, without the mixins themselves (for `mixkit init`
 * and the option tables, which need the options and not the rules).
 */
import type { z } from "zod";
import { externalSecretsConfigSchema } from "./external-secrets/config.js";
import { fluxConfigSchema } from "./flux/config.js";
import type { ShippedMixinName } from "./names.js";
import { progressiveDeliveryConfigSchema } from "./progressive-delivery/config.js";
import { spireConfigSchema } from "./spire/config.js";

export const shippedMixinSchemas: Readonly<Record<ShippedMixinName, z.ZodType>> = {
  "external-secrets": externalSecretsConfigSchema,
  flux: fluxConfigSchema,
  spire: spireConfigSchema,
  "progressive-delivery": progressiveDeliveryConfigSchema,
};
