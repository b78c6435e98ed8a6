/**
 * A runtime check of the classic dashboard JSON model: the parts Grafana's file provisioning, the
 * sidecar and grafana-operator rely on (@grafana/schema ships TypeScript types only, no JSON schema
 * for this model). Panels on the 24-column grid without overlaps, unique panel ids, data source
 * references, targets with refId and expr, template variables of the known kinds.
 */
import { z } from "zod";
import { findOverlap, gridColumns, type GridPos } from "./layout.js";

const int = z.number().int();

const gridPos = z
  .looseObject({ x: int.min(0), y: int.min(0), w: int.min(1).max(gridColumns), h: int.min(1) })
  .refine((p) => p.x + p.w <= gridColumns, { message: "the panel extends past column 24" });

const datasourceRef = z.looseObject({ type: z.string().min(1), uid: z.string().min(1) });

const target = z.looseObject({
  refId: z.string().min(1),
  expr: z.string().min(1),
  datasource: datasourceRef.optional(),
  format: z.enum(["time_series", "table", "heatmap"]).optional(),
  instant: z.boolean().optional(),
  range: z.boolean().optional(),
  legendFormat: z.string().optional(),
});

const thresholds = z.looseObject({
  mode: z.enum(["absolute", "percentage"]),
  steps: z
    .array(z.looseObject({ color: z.string().min(1), value: z.number().nullable() }))
    .min(1)
    .refine((s) => s[0]?.value === null, { message: "the first threshold step must be null" }),
});

const mapping = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("value"), options: z.record(z.string(), z.looseObject({})) }),
  z.looseObject({
    type: z.literal("range"),
    options: z.looseObject({ from: z.number().nullable(), to: z.number().nullable() }),
  }),
  z.looseObject({ type: z.literal("regex"), options: z.looseObject({ pattern: z.string() }) }),
  z.looseObject({ type: z.literal("special"), options: z.looseObject({ match: z.string() }) }),
]);

const fieldConfig = z.looseObject({
  defaults: z.looseObject({
    unit: z.string().optional(),
    thresholds: thresholds.optional(),
    mappings: z.array(mapping).optional(),
    color: z.looseObject({ mode: z.string().min(1) }).optional(),
    custom: z.record(z.string(), z.unknown()).optional(),
  }),
  overrides: z.array(
    z.looseObject({
      matcher: z.looseObject({ id: z.string().min(1) }),
      properties: z.array(z.looseObject({ id: z.string().min(1) })),
    }),
  ),
});

const panel = z
  .looseObject({
    id: int.min(1),
    type: z
      .string()
      .min(1)
      .refine((t) => t !== "row", { message: "a row inside a row" }),
    title: z.string(),
    gridPos,
    datasource: datasourceRef.optional(),
    targets: z.array(target).optional(),
    fieldConfig: fieldConfig.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((p, ctx) => {
    const refIds = (p.targets ?? []).map((t) => t.refId);
    if (new Set(refIds).size !== refIds.length)
      ctx.addIssue({ code: "custom", message: "two targets share a refId", path: ["targets"] });
  });

const row = z
  .looseObject({
    id: int.min(1),
    type: z.literal("row"),
    title: z.string(),
    collapsed: z.boolean(),
    gridPos,
    panels: z.array(panel),
  })
  .superRefine((r, ctx) => {
    if (r.gridPos.x !== 0 || r.gridPos.w !== gridColumns || r.gridPos.h !== 1)
      ctx.addIssue({
        code: "custom",
        message: "a row spans the full width with height 1",
        path: ["gridPos"],
      });
    if (!r.collapsed && r.panels.length > 0)
      ctx.addIssue({
        code: "custom",
        message: "an open row keeps its panels after it, not inside",
        path: ["panels"],
      });
    r.panels.forEach((p, i) => {
      if (p.gridPos.y < r.gridPos.y + 1)
        ctx.addIssue({
          code: "custom",
          message: "a collapsed row's panel sits above the row",
          path: ["panels", i, "gridPos"],
        });
    });
    const clash = findOverlap(r.panels.map((p) => p.gridPos as GridPos));
    if (clash)
      ctx.addIssue({
        code: "custom",
        message: `panels ${clash[0]} and ${clash[1]} overlap`,
        path: ["panels"],
      });
  });

type PanelJson = z.infer<typeof panel>;
type RowJson = z.infer<typeof row>;

/** A panel or a row, told apart by `type`, so that issues name the actual problem (not "no union member"). */
const panelOrRow = z.unknown().transform((value, ctx): PanelJson | RowJson => {
  const schema = (value as { type?: unknown } | null)?.type === "row" ? row : panel;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
});

const variableBase = {
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  label: z.string().optional(),
  hide: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
};
const option = z.looseObject({
  text: z.union([z.string(), z.array(z.string())]),
  value: z.union([z.string(), z.array(z.string())]),
});

const variable = z.discriminatedUnion("type", [
  z.looseObject({ ...variableBase, type: z.literal("datasource"), query: z.string().min(1) }),
  z.looseObject({
    ...variableBase,
    type: z.literal("query"),
    datasource: datasourceRef,
    query: z.union([z.string().min(1), z.looseObject({ query: z.string().min(1) })]),
    refresh: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    multi: z.boolean().optional(),
    includeAll: z.boolean().optional(),
  }),
  z.looseObject({
    ...variableBase,
    type: z.literal("custom"),
    query: z.string().min(1),
    options: z.array(option),
  }),
  z.looseObject({
    ...variableBase,
    type: z.literal("interval"),
    query: z.string().min(1),
    options: z.array(option),
  }),
  z.looseObject({ ...variableBase, type: z.literal("constant"), query: z.string() }),
  z.looseObject({ ...variableBase, type: z.literal("textbox"), query: z.string() }),
  z.looseObject({ ...variableBase, type: z.literal("adhoc"), datasource: datasourceRef }),
]);

const annotation = z.looseObject({
  name: z.string().min(1),
  datasource: datasourceRef,
  enable: z.boolean(),
  iconColor: z.string().min(1),
  builtIn: z.union([z.literal(0), z.literal(1)]).optional(),
  expr: z.string().min(1).optional(),
});

const link = z.looseObject({
  title: z.string(),
  type: z.enum(["link", "dashboards"]),
  tags: z.array(z.string()),
  url: z.string().optional(),
});

/** The classic dashboard JSON model as provisioning reads it. */
export const dashboardJsonSchema = z
  .looseObject({
    title: z.string().min(1),
    uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    schemaVersion: int.min(1),
    editable: z.boolean().optional(),
    graphTooltip: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    refresh: z.string().optional(),
    tags: z.array(z.string()).optional(),
    time: z.looseObject({ from: z.string().min(1), to: z.string().min(1) }).optional(),
    timezone: z.string().optional(),
    links: z.array(link).optional(),
    panels: z.array(panelOrRow),
    templating: z.looseObject({ list: z.array(variable) }),
    annotations: z.looseObject({ list: z.array(annotation) }),
  })
  .superRefine((d, ctx) => {
    const ids: number[] = [];
    for (const p of d.panels) {
      ids.push(p.id);
      if (p.type === "row")
        for (const inner of (p as { panels: { id: number }[] }).panels) ids.push(inner.id);
    }
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup !== undefined)
      ctx.addIssue({ code: "custom", message: `panel id ${dup} is used twice`, path: ["panels"] });
    const clash = findOverlap(d.panels.map((p) => p.gridPos as GridPos));
    if (clash)
      ctx.addIssue({
        code: "custom",
        message: `panels ${clash[0]} and ${clash[1]} overlap`,
        path: ["panels"],
      });
    const names = d.templating.list.map((v) => v.name);
    const dupName = names.find((n, i) => names.indexOf(n) !== i);
    if (dupName !== undefined)
      ctx.addIssue({
        code: "custom",
        message: `variable ${dupName} is defined twice`,
        path: ["templating", "list"],
      });
  });

/** The problems the schema finds, as `path: message` lines; empty when the JSON passes. */
export function checkDashboardJson(value: unknown): string[] {
  const result = dashboardJsonSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map(
    (i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`,
  );
}
