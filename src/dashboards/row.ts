/**
 * Rows: a title bar that groups the panels below it. A collapsed row carries its panels inside
 * itself (Grafana's JSON model); an open row is followed by them. Layout places both (layout.ts).
 */
import type { AnyPanel } from "./panels/panel.js";
import type { RowModel } from "./model.js";
import { frozenCopy, frozenPatch } from "./plain.js";

export interface RowSpec {
  /** Collapsed rows load their panels' queries only when opened. */
  readonly collapsed?: boolean;
  /** Repeat the row for each value of this variable (without `$`). */
  readonly repeat?: string;
}

export class RowBuilder {
  constructor(readonly model: RowModel) {
    Object.freeze(this);
  }

  get title(): string {
    return this.model.title;
  }

  /** Appends panels to the row. */
  add(...panels: readonly AnyPanel[]): RowBuilder {
    return new RowBuilder(
      frozenPatch(this.model, { panels: [...this.model.panels, ...panels.map((p) => p.model)] }),
    );
  }

  collapse(collapsed = true): RowBuilder {
    return new RowBuilder(frozenPatch(this.model, { collapsed }));
  }

  repeat(variable: string): RowBuilder {
    return new RowBuilder(frozenPatch(this.model, { repeat: variable }));
  }
}

export function row(
  title: string,
  panels: readonly AnyPanel[] = [],
  spec: RowSpec = {},
): RowBuilder {
  const base: RowModel = {
    title,
    collapsed: spec.collapsed ?? false,
    panels: panels.map((p) => p.model),
  };
  return new RowBuilder(
    frozenCopy(spec.repeat === undefined ? base : { ...base, repeat: spec.repeat }),
  );
}
