/**
 * promtool scenarios: each alert fires where it should and stays quiet on a healthy day (a
 * certificate renewed ahead of time, one being issued), one cluster's certificate apart from
 * another's of the same name.
 */
import {
  expectAlert,
  expectNoAlert,
  parseDurationMs,
  scenario,
  series,
  steady,
  type Scenario,
} from "mixkit";
import { expiration, readyStatus } from "./catalog.js";
import type { CertManagerConfig } from "./config.js";
import type { CertManagerRules } from "./rules.js";

const day = 86_400;

export function certManagerScenarios(
  config: CertManagerConfig,
  { alerts }: CertManagerRules,
): Scenario[] {
  const { expiringSoon, notReady } = alerts;
  const inCluster = (cluster: string) => (config.clusterLabel ? { cluster } : {});
  const certificate = (name: string, cluster = "a") => ({
    ...inCluster(cluster),
    ...Object.fromEntries(Object.entries(config.selector).filter(([, v]) => typeof v === "string")),
    exported_namespace: "shop",
    name,
    issuer_name: "letsencrypt",
    issuer_kind: "ClusterIssuer",
    issuer_group: "cert-manager.io",
  });
  // Without a cluster label the alerts have none: the expectation leaves it out.
  const alertLabels = (name: string, cluster = "a") =>
    ({ ...inCluster(cluster), exported_namespace: "shop", name }) as {
      cluster: string;
      exported_namespace: string;
      name: string;
    };
  const ready = (
    name: string,
    values: Record<"True" | "False" | "Unknown", string>,
    cluster = "a",
  ) =>
    (["True", "False", "Unknown"] as const).map((condition) =>
      series(readyStatus, { ...certificate(name, cluster), condition }, values[condition]),
    );
  // Times follow the config: the alerts' `for` in whole minutes, half the expiry window left.
  const minutes = (d: string) => Math.ceil(parseDurationMs(d) / 60_000);
  const expiryFor = minutes(config.expiringSoon.for);
  const readyFor = minutes(config.notReady.for);
  const within = parseDurationMs(config.expiringSoon.within) / 1000;
  const left = Math.floor(within / 2);
  const at = (m: number) => `${m}m` as const;
  const notYet = (alert: typeof notReady, forMinutes: number) =>
    forMinutes >= 2 ? [expectNoAlert(alert, at(forMinutes - 1))] : [];

  return [
    scenario(
      "CertManagerCertificateExpiringSoon: fires once the certificate stays within the window",
      {
        series: [series(expiration, certificate("web"), steady(left, expiryFor + 5))],
        expect: [
          ...notYet(expiringSoon, expiryFor),
          expectAlert(expiringSoon, at(expiryFor + 1), alertLabels("web"), {
            value: left - (expiryFor + 1) * 60,
          }),
        ],
      },
    ),
    scenario(
      "CertManagerCertificateExpiringSoon: a renewal ahead of time and an unissued certificate raise nothing",
      {
        series: [
          series(
            expiration,
            certificate("web"),
            `${left}x10 ${within + 60 * day}x${expiryFor + 5}`,
          ),
          series(expiration, certificate("new"), steady(0, expiryFor + 15)),
        ],
        expect: [expectNoAlert(expiringSoon, at(Math.max(expiryFor, 10) + 5))],
      },
    ),
    scenario("CertManagerCertificateNotReady: fires after its for, for that certificate only", {
      series: [
        ...ready("web", {
          True: `0x${readyFor + 5}`,
          False: `1x${readyFor + 5}`,
          Unknown: `0x${readyFor + 5}`,
        }),
        ...ready("api", {
          True: `1x${readyFor + 5}`,
          False: `0x${readyFor + 5}`,
          Unknown: `0x${readyFor + 5}`,
        }),
        // Another cluster's certificate of the same name is ready (with a cluster label).
        ...(config.clusterLabel
          ? ready(
              "web",
              {
                True: `1x${readyFor + 5}`,
                False: `0x${readyFor + 5}`,
                Unknown: `0x${readyFor + 5}`,
              },
              "b",
            )
          : []),
      ],
      expect: [
        ...notYet(notReady, readyFor),
        expectAlert(notReady, at(readyFor + 1), alertLabels("web")),
      ],
    }),
    scenario(
      "CertManagerCertificateNotReady: a certificate being issued, ready within its for, raises nothing",
      {
        series: ready("web", {
          True: `0x5 1x${readyFor + 5}`,
          False: `1x5 0x${readyFor + 5}`,
          Unknown: `0x${readyFor + 10}`,
        }),
        expect: [expectNoAlert(notReady, at(readyFor + 5))],
      },
    ),
  ];
}
