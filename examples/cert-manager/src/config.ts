/** The mixin's options: every mixin's common ones (labels, links, overrides) and its own. */
import { alertSettings, durationSchema, mixinConfig, selectorSchema, z } from "mixkit";

export const ruleNames = [
  "namespace_name:certmanager_certificate_expiration_timestamp_seconds:seconds_left",
  "CertManagerCertificateExpiringSoon",
  "CertManagerCertificateNotReady",
] as const;
export type CertManagerRuleName = (typeof ruleNames)[number];

// `ruleNames` types `overrides`: a key that is not one of them fails to compile.
export const certManagerConfig = mixinConfig(
  {
    selector: selectorSchema.default({}),
    expiringSoon: z
      .object({ ...alertSettings("1h", "warning"), within: durationSchema.default("14d") })
      .strict()
      .prefault({}),
    notReady: z.object(alertSettings("15m", "warning")).strict().prefault({}),
  },
  ruleNames,
);

export type CertManagerConfig = z.output<typeof certManagerConfig>;
export type CertManagerConfigInput = z.input<typeof certManagerConfig>;
