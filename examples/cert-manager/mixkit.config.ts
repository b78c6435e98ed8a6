import { defineConfig } from "mixkit";
import { certManagerMixin } from "./src/index.js";

export default defineConfig({
  outDir: "out",
  custom: [
    certManagerMixin({
      clusterLabel: "cluster",
      runbookBaseUrl:
        "https://git.example.com/platform/monitoring/blob/main/runbooks/cert-manager.md",
      expiringSoon: { within: "21d" },
      overrides: { CertManagerCertificateNotReady: { labels: { team: "platform" } } },
    }),
  ],
});
