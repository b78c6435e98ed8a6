/**
 * Immutable panel builders. Every method returns a new panel; the model is frozen plain data, so a
 * panel can be added to several dashboards, or changed after a build, without affecting either.
 */
import type { DurationLiteral, GrafanaDuration } from "../../promql/duration.js";
import type {
  DataLink,
  FieldMatcher,
  FieldSpec,
  Mapping,
  OverrideSpec,
  Thresholds,
} from "../fields.js";
import type { DashboardLintRule } from "../lint-rules.js";
import type { OverrideModel, PanelKind, PanelModel } from "../model.js";
import { deepMerge, frozenPatch } from "../plain.js";
import { queryModel, type LabelsOf, type Queryable, type TypedQueryOptions } from "../targets.js";
import type { GrafanaUnit } from "../units.js";
import type { DataPanelKind, PanelCustom, PanelOptions } from "./kinds.js";

/** Anything a row or dashboard accepts as a panel. */
export interface AnyPanel {
  readonly model: PanelModel;
}

export interface DataPanelSpec {
  /** The unit of the values (a Grafana unit id); required so that no panel shows bare numbers. */
  readonly unit: GrafanaUnit;
  readonly description?: string;
  /** Width in grid columns (1..24); each kind has a default. */
  readonly width?: number;
  /** Height in grid rows; each kind has a default. */
  readonly height?: number;
  /** A fixed panel id (otherwise derived from the title), e.g. to keep old `viewPanel` links working. */
  readonly id?: number;
}

export interface QueryTimeOptions {
  /** Lower limit of `$__interval` for every query of the panel. */
  readonly interval?: DurationLiteral | GrafanaDuration;
  readonly maxDataPoints?: number;
  /** Relative time override, e.g. `24h` (the panel shows the last 24 hours). */
  readonly timeFrom?: DurationLiteral;
  readonly timeShift?: DurationLiteral;
}

abstract class PanelBase<Self> {
  constructor(readonly model: PanelModel) {
    Object.freeze(this);
  }
  protected abstract with(model: PanelModel): Self;
  protected patch(changes: Partial<PanelModel>): Self {
    return this.with(frozenPatch(this.model, changes));
  }

  get title(): string {
    return this.model.title;
  }

  description(text: string): Self {
    return this.patch({ description: text });
  }

  /** Width in grid columns (1..24) and, optionally, height in grid rows. */
  size(width: number, height?: number): Self {
    return this.patch(height === undefined ? { width } : { width, height });
  }

  /** A link in the panel header (to a runbook, another dashboard, ...). */
  link(link: DataLink): Self {
    return this.patch({ links: [...this.model.links, link] });
  }

  transparent(transparent = true): Self {
    return this.patch({ transparent });
  }

  /** Silences a lint rule on this panel (or on one of its queries), with a reason for reviewers. */
  silence(rule: DashboardLintRule, reason: string, query?: string): Self {
    const silence = query === undefined ? { rule, reason } : { rule, reason, query };
    return this.patch({ silences: [...this.model.silences, silence] });
  }
}

/** A panel that queries Prometheus; `K` is its kind, which types `options()` and `custom()`. */
export class PanelBuilder<K extends DataPanelKind> extends PanelBase<PanelBuilder<K>> {
  declare readonly __kind: K;

  protected with(model: PanelModel): PanelBuilder<K> {
    return new PanelBuilder(model);
  }

  /**
   * Adds a query. `legend` may only name labels the query returns (`{{label}}`), checked by the
   * compiler for typed PromQL and for `raw` with declared labels.
   */
  query<E extends Queryable, const F extends string = never>(
    expr: E,
    options: TypedQueryOptions<LabelsOf<E>, F> = {},
  ): PanelBuilder<K> {
    const { legend, ...rest } = options;
    const query = queryModel(
      expr,
      legend === undefined ? rest : { ...rest, legend: legend as string },
    );
    return this.patch({ queries: [...this.model.queries, query] });
  }

  /** Panel options of this kind, merged over the defaults (and over earlier calls). */
  options(options: PanelOptions<K>): PanelBuilder<K> {
    return this.patch({ options: deepMerge(this.model.options, options) });
  }

  /** The kind's custom field config (`fieldConfig.defaults.custom`), merged over the defaults. */
  custom(custom: PanelCustom<K>): PanelBuilder<K> {
    return this.patch({ custom: deepMerge(this.model.custom, custom) });
  }

  /** Field config for every field: unit, decimals, min, max, colour, display name, "no value" text. */
  field(spec: FieldSpec): PanelBuilder<K> {
    return this.patch({ defaults: { ...this.model.defaults, ...spec } });
  }

  unit(unit: GrafanaUnit): PanelBuilder<K> {
    return this.field({ unit });
  }

  thresholds(thresholds: Thresholds): PanelBuilder<K> {
    return this.patch({ defaults: { ...this.model.defaults, thresholds } });
  }

  /** Value mappings, appended to those already given. */
  mappings(...mappings: readonly Mapping[]): PanelBuilder<K> {
    const all = [...(this.model.defaults.mappings ?? []), ...mappings];
    return this.patch({ defaults: { ...this.model.defaults, mappings: all } });
  }

  /** A data link on the values (e.g. to the object's detail dashboard). */
  dataLink(link: DataLink): PanelBuilder<K> {
    const links = [...(this.model.defaults.links ?? []), link];
    return this.patch({ defaults: { ...this.model.defaults, links } });
  }

  /** Field config for the fields `matcher` selects, over the panel's defaults. */
  override(matcher: FieldMatcher, spec: OverrideSpec<PanelCustom<K>>): PanelBuilder<K> {
    const override: OverrideModel = { matcher, properties: overrideProperties(spec) };
    return this.patch({ overrides: [...this.model.overrides, override] });
  }

  /** A transformation (Grafana's id and options), applied in the order added. */
  transform(id: string, options: unknown = {}): PanelBuilder<K> {
    return this.patch({ transformations: [...this.model.transformations, { id, options }] });
  }

  /** Repeats the panel for each value of a (multi-value) variable. */
  repeat(
    variable: string,
    options: { readonly direction?: "h" | "v"; readonly maxPerRow?: number } = {},
  ): PanelBuilder<K> {
    const direction = options.direction ?? "h";
    const repeat =
      options.maxPerRow === undefined
        ? { variable, direction }
        : { variable, direction, maxPerRow: options.maxPerRow };
    return this.patch({ repeat });
  }

  /** Query options shared by all queries of the panel. */
  queryOptions(options: QueryTimeOptions): PanelBuilder<K> {
    return this.patch({ ...options });
  }
}

/** A text panel: markdown, HTML or code; it has no queries and no data source. */
export class TextPanelBuilder extends PanelBase<TextPanelBuilder> {
  declare readonly __kind: "text";
  protected with(model: PanelModel): TextPanelBuilder {
    return new TextPanelBuilder(model);
  }
  /** Text panel options (content, mode, code), merged over the defaults. */
  options(options: PanelOptions<"text">): TextPanelBuilder {
    return this.patch({ options: deepMerge(this.model.options, options) });
  }
}

/**
 * The override properties Grafana expects: one `{ id, value }` per field config key, sorted by id
 * so that the order the caller wrote them in does not change the output.
 */
function overrideProperties(spec: OverrideSpec<unknown>): { id: string; value: unknown }[] {
  const out: { id: string; value: unknown }[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    if (key === "custom") {
      for (const [ck, cv] of Object.entries(value as Record<string, unknown>)) {
        if (cv !== undefined) out.push({ id: `custom.${ck}`, value: cv });
      }
    } else {
      out.push({ id: key, value });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function emptyPanel(kind: PanelKind, title: string, defaults: FieldSpec = {}): PanelModel {
  return {
    kind,
    title,
    queries: [],
    options: {},
    custom: {},
    defaults,
    overrides: [],
    links: [],
    transformations: [],
    silences: [],
  };
}
