/**
 * The cert-manager controller's certificate metrics, as pkg/metrics/certificates.go sets them
 * (cert-manager v1.x): one series per Certificate and issuer reference, deleted with the
 * Certificate (RemoveCertificate). The object's namespace is exposed as `namespace`, which the
 * scrape turns into `exported_namespace` (the controller's own pod has `namespace` too).
 */
import { defineCatalog, defineMetric } from "mixkit";

const source = { component: "cert-manager", file: "pkg/metrics/certificates.go" };
const labels = ["name", "namespace", "issuer_name", "issuer_kind", "issuer_group"] as const;

export const expiration = defineMetric({
  name: "certmanager_certificate_expiration_timestamp_seconds",
  kind: "gauge",
  labels,
  objectNamespace: "namespace",
  unit: "unix_seconds",
  help: "When the certificate expires (its status.notAfter); 0 until it has been issued.",
  source,
  since: "v1.0.0",
});

export const readyStatus = defineMetric({
  name: "certmanager_certificate_ready_status",
  kind: "gauge",
  labels: [...labels, "condition"],
  objectNamespace: "namespace",
  unit: "count",
  help: "1 for the certificate's Ready condition status (True, False or Unknown), 0 for the others.",
  source,
  since: "v1.0.0",
});

export const catalog = defineCatalog({ expiration, readyStatus });
