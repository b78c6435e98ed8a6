/**
 * The options of a mixin's config, read from its zod schema: each option's path, description and
 * default (or, for an option without one, an example). `mixkit init` writes them as comments and the
 * README's option tables are generated from them, so neither can drift from the schemas.
 */
import type { z } from "zod";
import type { OptionMeta } from "./common/config.js";

export interface MixinOption {
  /** Dotted path from the mixin's config, e.g. `flagger.canaryStuck`. */
  readonly path: string;
  /** The last part of the path. */
  readonly key: string;
  /** Nesting depth: 0 for a top-level option. */
  readonly depth: number;
  readonly description: string;
  /** A section of options listed after it (its value is `{}` for the defaults). */
  readonly section: boolean;
  /** The default, or `undefined` when the option has none (see `example`). */
  readonly value: unknown;
  readonly example: unknown;
  /** The alerts an alert section configures. */
  readonly alerts: readonly string[];
}

type Schema = z.core.$ZodType;

/** The schema under `.default()`, `.prefault()` and `.optional()`. */
function unwrap(schema: Schema): Schema {
  const def = schema._zod.def as { type: string; innerType?: Schema };
  return ["default", "prefault", "optional"].includes(def.type) && def.innerType
    ? unwrap(def.innerType)
    : schema;
}

function shapeOf(schema: Schema): Readonly<Record<string, Schema>> | undefined {
  const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, Schema> };
  return def.type === "object" ? def.shape : undefined;
}

function metaOf(schema: Schema): Partial<OptionMeta> {
  return (schema as unknown as { meta(): Partial<OptionMeta> | undefined }).meta() ?? {};
}

/**
 * Every option of `schema` (a mixin's config schema), in the schema's order. A section without
 * alerts (e.g. `kubeStateMetrics`) is followed by its own options; an alert section is one option,
 * its default an object such as `{ for: "10m", severity: "warning" }`.
 */
export function mixinOptions(schema: z.ZodType): MixinOption[] {
  const defaults = schema.parse({}) as Record<string, unknown>;
  const walk = (
    shape: Readonly<Record<string, Schema>>,
    values: Record<string, unknown>,
    prefix: string,
    depth: number,
  ): MixinOption[] =>
    Object.entries(shape).flatMap(([key, option]) => {
      const meta = metaOf(option);
      const inner = shapeOf(option);
      const alerts = meta.alerts ?? [];
      const section = inner !== undefined && alerts.length === 0;
      const value = values[key];
      const path = `${prefix}${key}`;
      const entry: MixinOption = {
        path,
        key,
        depth,
        description: meta.description ?? "",
        section,
        value,
        example: meta.example,
        alerts,
      };
      return section
        ? [entry, ...walk(inner, value as Record<string, unknown>, `${path}.`, depth + 1)]
        : [entry];
    });
  const shape = shapeOf(schema);
  if (shape === undefined) throw new Error("a mixin's config schema is an object");
  return walk(shape, defaults, "", 0);
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** A value as TypeScript source on one line: `{ for: "10m", severity: "warning" }`, `["ksm"]`. */
export function tsValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(tsValue).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${identifier.test(k) ? k : JSON.stringify(k)}: ${tsValue(v)}`,
    );
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}
