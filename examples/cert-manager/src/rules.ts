/**
 * The rules, written with the catalog's symbolic labels (`exported_namespace`, `cluster`):
 * defineMixin renames them to the labels the config says the data has.
 */
import {
  alert,
  group,
  groupBy,
  matchersOf,
  max,
  parseDurationMs,
  record,
  time,
  type AlertingRule,
  type RecordingRule,
  type RuleGroup,
} from "mixkit";
import { expiration, readyStatus } from "./catalog.js";
import type { CertManagerConfig } from "./config.js";

type Certificate = "cluster" | "exported_namespace" | "name";

export interface CertManagerRules {
  readonly groups: readonly RuleGroup[];
  readonly records: { readonly secondsLeft: RecordingRule<Certificate> };
  readonly alerts: {
    readonly expiringSoon: AlertingRule<Certificate>;
    readonly notReady: AlertingRule<Certificate>;
  };
}

/** `runbook_url`, when the config says where the runbooks are. */
const runbook = (config: CertManagerConfig, alertName: string) =>
  config.runbookBaseUrl === undefined
    ? {}
    : { runbookUrl: `${config.runbookBaseUrl}#${alertName.toLowerCase()}` };

export function certManagerRules(config: CertManagerConfig): CertManagerRules {
  const selected = matchersOf(config.selector);
  const byCertificate = groupBy(config, "exported_namespace", "name");
  // 0 until the certificate is issued: not "expired in 1970".
  const secondsLeft = record(
    "namespace_name:certmanager_certificate_expiration_timestamp_seconds:seconds_left",
    max(expiration.where(selected).gt(0))
      .by(...byCertificate)
      .sub(time()),
  );
  const within = parseDurationMs(config.expiringSoon.within) / 1000;
  const expiringSoon = alert("CertManagerCertificateExpiringSoon", {
    expr: secondsLeft.series().lt(within),
    for: config.expiringSoon.for,
    severity: config.expiringSoon.severity,
    summary: "A certificate expires soon: cert-manager has not renewed it.",
    description: (t) =>
      `Certificate ${t.labels.exported_namespace}/${t.labels.name} expires in ${t.valueAsDuration} (negative: already expired), within ${config.expiringSoon.within}.`,
    ...runbook(config, "CertManagerCertificateExpiringSoon"),
  });
  const notReady = alert("CertManagerCertificateNotReady", {
    expr: max(readyStatus.where(selected).where({ condition: "False" }))
      .by(...byCertificate)
      .eq(1),
    for: config.notReady.for,
    severity: config.notReady.severity,
    summary: "A certificate is not ready.",
    description: (t) =>
      `Certificate ${t.labels.exported_namespace}/${t.labels.name} has been not ready for ${config.notReady.for}: its secret may be missing or stale.`,
    ...runbook(config, "CertManagerCertificateNotReady"),
  });
  return {
    groups: [
      group("cert-manager.rules", [secondsLeft]),
      group("cert-manager.alerts", [expiringSoon, notReady]),
    ],
    records: { secondsLeft },
    alerts: { expiringSoon, notReady },
  };
}
