export {
  clusterLabel,
  defineCatalog,
  defineMetric,
  objectNamespaceLabel,
  targetLabels,
} from "./define.js";
export type {
  CatalogMetric,
  MetricDefinitionSpec,
  MetricMeta,
  MetricSource,
  MetricUnit,
  ScrapedLabels,
  TargetLabel,
} from "./define.js";
