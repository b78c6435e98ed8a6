/**
 * @grafana/schema types as a builder accepts them: every field optional (defaults fill the rest) and
 * string enums relaxed to their literal values, so `{ mode: "multi" }` is written without importing
 * Grafana's enums. The shape, the field names and the allowed values stay those of @grafana/schema.
 */
export type Loose<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? readonly Loose<U>[]
      : T extends object
        ? { readonly [K in keyof T]?: Loose<T[K]> }
        : T;
