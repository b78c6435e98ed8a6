/**
 * The kustomization.yaml of the output folder: the Kubernetes objects of the build (PrometheusRules,
 * dashboard ConfigMaps and GrafanaDashboards), and nothing else, so Flux or Argo CD applies exactly
 * those and ignores the plain rule files, tests and dashboard JSON beside them.
 */
import { toYaml } from "../rules/yaml.js";
import { generatedHeader } from "./header.js";

export function kustomizationText(
  resources: readonly string[],
  options: { readonly namespace?: string },
): string {
  const kustomization = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    resources: [...resources].sort(),
  };
  return generatedHeader + toYaml(kustomization);
}
