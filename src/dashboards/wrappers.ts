/**
 * Kubernetes manifests that deliver a dashboard: a ConfigMap for the Grafana sidecar (kiwigrid
 * k8s-sidecar, as in kube-prometheus-stack) and a GrafanaDashboard for grafana-operator v5. Both
 * carry the JSON text verbatim and are refused above 1 MiB, Kubernetes' limit for one object.
 */
import type { DurationLiteral } from "../promql/duration.js";
import { toYamlWithText } from "../rules/yaml.js";
import { dashboardJsonText, type DashboardJson } from "./emit.js";
import { dashboardError } from "./errors.js";

/** etcd refuses objects above 1 MiB; the API server rejects such a ConfigMap. */
export const configMapMaxBytes = 1024 * 1024;

/** A dashboard builder or an already built JSON model. */
export type DashboardSource = { build(): DashboardJson } | DashboardJson;

function built(source: DashboardSource): DashboardJson {
  return "build" in source && typeof source.build === "function"
    ? source.build()
    : (source as DashboardJson);
}

/** A DNS-1123 name from a uid: lower case, `_` and other characters become `-`. */
export function kubernetesName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name.slice(0, 253).replace(/-+$/, "") || "dashboard";
}

function checkSize(text: string, json: DashboardJson, kind: string, name: string): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > configMapMaxBytes) {
    throw dashboardError(
      `dashboard ${JSON.stringify(json.title ?? "")}, ${kind} ${JSON.stringify(name)}`,
      `the manifest is ${(bytes / 1024).toFixed(0)} KiB, above the 1 MiB Kubernetes allows for one object; ` +
        `split the dashboard (e.g. one per component or collapsed rows into their own dashboards), ` +
        `or provision it as a file`,
    );
  }
}

export interface ConfigMapOptions {
  /** Default: `grafana-dashboard-<uid>`. */
  readonly name?: string;
  readonly namespace?: string;
  /** The Grafana folder, set with the sidecar's folder annotation. */
  readonly folder?: string;
  /** The sidecar's `folderAnnotation` (Grafana chart value `sidecar.dashboards.folderAnnotation`). */
  readonly folderAnnotation?: string;
  /** The label the sidecar watches (default `grafana_dashboard: "1"`, as kube-prometheus-stack). */
  readonly sidecarLabel?: { readonly name: string; readonly value: string };
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Default false: the ConfigMap carries `kustomize.toolkit.fluxcd.io/substitute: disabled`, so a
   * Flux Kustomization with post-build substitution leaves the dashboard's `${...}` alone.
   */
  readonly fluxSubstitution?: boolean;
}

/** Flux's post-build substitution would rewrite Grafana's `${var}`: this label turns it off. */
export const fluxSubstituteLabel = "kustomize.toolkit.fluxcd.io/substitute";

/** A ConfigMap the Grafana sidecar picks up: one key `<uid>.json` holding the dashboard. */
export function dashboardConfigMap(
  source: DashboardSource,
  options: ConfigMapOptions = {},
): string {
  const json = built(source);
  return configMapText(json, dashboardJsonText(json), options);
}

/** The ConfigMap of a dashboard whose JSON text is printed already (printing is the costly part). */
export function configMapText(
  json: DashboardJson,
  jsonText: string,
  options: ConfigMapOptions = {},
): string {
  const uid = json.uid ?? "dashboard";
  const name = options.name ?? kubernetesName(`grafana-dashboard-${uid}`);
  const sidecar = options.sidecarLabel ?? { name: "grafana_dashboard", value: "1" };
  const annotations = {
    ...options.annotations,
    ...(options.folder === undefined
      ? {}
      : { [options.folderAnnotation ?? "grafana_folder"]: options.folder }),
  };
  const manifest = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      labels: {
        ...(options.fluxSubstitution === true ? {} : { [fluxSubstituteLabel]: "disabled" }),
        ...options.labels,
        [sidecar.name]: sidecar.value,
      },
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    },
  };
  const text = toYamlWithText((t) => ({ ...manifest, data: { [`${uid}.json`]: t } }), jsonText);
  checkSize(text, json, "ConfigMap", name);
  return text;
}

export interface GrafanaDashboardOptions {
  /** Default: the uid as a Kubernetes name. */
  readonly name?: string;
  readonly namespace?: string;
  /** Which Grafana instances get the dashboard (required by grafana-operator). */
  readonly instanceSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  /** Folder title; or `folderUID` for a folder that already exists. */
  readonly folder?: string;
  readonly folderUID?: string;
  /** How often the operator re-applies the dashboard (e.g. `10m`). */
  readonly resyncPeriod?: DurationLiteral;
  readonly allowCrossNamespaceImport?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A grafana-operator `GrafanaDashboard` (grafana.integreatly.org/v1beta1) with the JSON inline. */
export function grafanaDashboardResource(
  source: DashboardSource,
  options: GrafanaDashboardOptions,
): string {
  const json = built(source);
  return grafanaDashboardText(json, dashboardJsonText(json), options);
}

/** The GrafanaDashboard of a dashboard whose JSON text is printed already. */
export function grafanaDashboardText(
  json: DashboardJson,
  jsonText: string,
  options: GrafanaDashboardOptions,
): string {
  const name = options.name ?? kubernetesName(json.uid ?? "dashboard");
  const manifest = {
    apiVersion: "grafana.integreatly.org/v1beta1",
    kind: "GrafanaDashboard",
    metadata: {
      name,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.labels === undefined ? {} : { labels: { ...options.labels } }),
    },
    spec: {
      instanceSelector: { matchLabels: { ...options.instanceSelector.matchLabels } },
      ...(options.folder === undefined ? {} : { folder: options.folder }),
      ...(options.folderUID === undefined ? {} : { folderUID: options.folderUID }),
      ...(options.resyncPeriod === undefined ? {} : { resyncPeriod: options.resyncPeriod }),
      ...(options.allowCrossNamespaceImport === undefined
        ? {}
        : { allowCrossNamespaceImport: options.allowCrossNamespaceImport }),
    },
  };
  const text = toYamlWithText(
    (t) => ({ ...manifest, spec: { ...manifest.spec, json: t } }),
    jsonText,
  );
  checkSize(text, json, "GrafanaDashboard", name);
  return text;
}
