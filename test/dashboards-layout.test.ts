/**
 * Layout on Grafana's 24-column grid. Property: random sequences of panels, widths, heights and
 * rows (collapsed and open) never overlap, stay inside 24 columns, and still do not overlap after
 * Grafana expands a collapsed row (its toggleRow, replayed here).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dashboard,
  findOverlap,
  layout,
  row,
  statPanel,
  textPanel,
  timeSeriesPanel,
  type DashboardJson,
  type GridPos,
} from "../src/dashboards/index.js";
import { count, gauge } from "../src/promql/index.js";
import { fnv1a } from "../src/dashboards/ids.js";

interface JsonPanel {
  id: number;
  type: string;
  title: string;
  collapsed?: boolean;
  gridPos: GridPos;
  panels?: JsonPanel[];
}

const up = gauge("up", ["job"]);
const panel = (title: string, width: number, height: number) =>
  timeSeriesPanel(title, { unit: "short", width, height }).query(count(up).by("job"));

/** Grafana's DashboardModel.toggleRow for a collapsed row, on a copy of the panel list. */
function expand(panels: readonly JsonPanel[], rowIndex: number): JsonPanel[] {
  const out = structuredClone(panels) as JsonPanel[];
  const r = out[rowIndex] as JsonPanel;
  const inner = r.panels ?? [];
  if (inner.length === 0)
    return [...out.slice(0, rowIndex), { ...r, collapsed: false }, ...out.slice(rowIndex + 1)];
  const firstY = inner[0]?.gridPos.y ?? r.gridPos.y + 1;
  const yDiff = firstY - (r.gridPos.y + r.gridPos.h);
  let yMax = r.gridPos.y;
  const moved = inner.map((p) => {
    const y = p.gridPos.y - yDiff;
    yMax = Math.max(yMax, y + p.gridPos.h);
    return { ...p, gridPos: { ...p.gridPos, y } };
  });
  const pushDown = yMax - r.gridPos.y - 1;
  const after = out.slice(rowIndex + 1).map((p) => ({
    ...p,
    gridPos: { ...p.gridPos, y: p.gridPos.y + pushDown },
  }));
  return [...out.slice(0, rowIndex), { ...r, collapsed: false, panels: [] }, ...moved, ...after];
}

function checkGrid(panels: readonly JsonPanel[], what: string): void {
  for (const p of panels) {
    const { x, y, w, h } = p.gridPos;
    expect([x, y, w, h].every(Number.isInteger), `${what}: integer gridPos`).toBe(true);
    expect(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= 24, `${what}: ${p.title}`).toBe(true);
  }
  const clash = findOverlap(panels.map((p) => p.gridPos));
  expect(clash, `${what}: overlap ${JSON.stringify(clash && clash.map((i) => panels[i]))}`).toBe(
    undefined,
  );
}

const sizeArb = fc.record({
  w: fc.integer({ min: 1, max: 24 }),
  h: fc.integer({ min: 1, max: 12 }),
});
const structureArb = fc.record({
  top: fc.array(sizeArb, { maxLength: 6 }),
  rows: fc.array(
    fc.record({ collapsed: fc.boolean(), panels: fc.array(sizeArb, { maxLength: 7 }) }),
    { maxLength: 6 },
  ),
});

interface Structure {
  readonly top: readonly { w: number; h: number }[];
  readonly rows: readonly { collapsed: boolean; panels: readonly { w: number; h: number }[] }[];
}

function build(s: Structure): DashboardJson {
  let n = 0;
  return dashboard("Layout")
    .panels(...s.top.map((p) => panel(`p${n++}`, p.w, p.h)))
    .rows(
      ...s.rows.map((r, i) =>
        row(
          `row ${i}`,
          r.panels.map((p) => panel(`p${n++}`, p.w, p.h)),
          { collapsed: r.collapsed },
        ),
      ),
    )
    .build();
}

describe("layout", () => {
  it("never overlaps, stays in 24 columns, keeps sizes, and survives expanding collapsed rows", () => {
    fc.assert(
      fc.property(structureArb, (s) => {
        const json = build(s);
        const panels = json.panels as unknown as JsonPanel[];
        checkGrid(panels, "visible");
        // Explicit widths and heights are kept.
        const all = panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== "row");
        const sizes = [...s.top, ...s.rows.flatMap((r) => r.panels)];
        for (const p of all) {
          const want = sizes[Number(p.title.slice(1))];
          expect(p.gridPos).toMatchObject({ w: want?.w, h: want?.h });
        }
        // Panels are ordered by position, as Grafana sorts them.
        const order = panels.map((p) => [p.gridPos.y, p.gridPos.x] as const);
        expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
        // Collapsed rows: their panels sit right below the row, as if it were open.
        panels.forEach((p, i) => {
          if (p.type !== "row" || !p.collapsed) return;
          checkGrid(p.panels ?? [], `inside ${p.title}`);
          for (const inner of p.panels ?? []) expect(inner.gridPos.y).toBeGreaterThan(p.gridPos.y);
          if ((p.panels ?? []).length > 0)
            expect(Math.min(...(p.panels ?? []).map((q) => q.gridPos.y))).toBe(p.gridPos.y + 1);
          checkGrid(expand(panels, i), `after expanding ${p.title}`);
        });
        // Expanding every collapsed row, last first (indexes stay valid), still never overlaps.
        let expanded = panels;
        for (let i = panels.length - 1; i >= 0; i--) {
          if (panels[i]?.type === "row" && panels[i]?.collapsed) expanded = expand(expanded, i);
        }
        checkGrid(expanded, "all expanded");
        // Unique ids.
        const ids = panels.flatMap((p) => [p.id, ...(p.panels ?? []).map((q) => q.id)]);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });

  it("puts a collapsed row's panels just below it and the next row right after it", () => {
    const json = dashboard("Rows")
      .panels(panel("top", 24, 5))
      .rows(
        row("Collapsed", [panel("a", 12, 8), panel("b", 12, 6), panel("c", 24, 4)], {
          collapsed: true,
        }),
        row("Open", [panel("d", 8, 3)]),
      )
      .build();
    const [top, collapsed, open, d] = json.panels as unknown as JsonPanel[];
    expect(top?.gridPos).toEqual({ x: 0, y: 0, w: 24, h: 5 });
    expect(collapsed?.gridPos).toEqual({ x: 0, y: 5, w: 24, h: 1 });
    // Grafana's JSON model: positions the panels take when the row is opened where it stands.
    expect(collapsed?.panels?.map((p) => [p.title, p.gridPos])).toEqual([
      ["a", { x: 0, y: 6, w: 12, h: 8 }],
      ["b", { x: 12, y: 6, w: 12, h: 6 }],
      ["c", { x: 0, y: 14, w: 24, h: 4 }],
    ]);
    // The collapsed row takes one grid row; the next row follows directly.
    expect(open?.gridPos).toEqual({ x: 0, y: 6, w: 24, h: 1 });
    expect(open?.panels).toEqual([]);
    expect(d?.gridPos).toEqual({ x: 0, y: 7, w: 8, h: 3 });
  });

  it("places each panel as high as the panels above allow, like Grafana's compaction", () => {
    const placed = layout({
      top: [
        { width: 12, height: 8 },
        { width: 12, height: 2 },
        { width: 12, height: 4 },
        { width: 12, height: 4 },
      ],
      rows: [],
    });
    expect(placed.top).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 2 },
      { x: 0, y: 8, w: 12, h: 4 },
      { x: 12, y: 2, w: 12, h: 4 },
    ]);
  });

  it("gives the same panel added twice its own id and its own place", () => {
    const same = statPanel("Up", { unit: "none" }).query(count(up));
    const json = dashboard("Twice")
      .panels(same, same, textPanel("Note", { content: "x" }))
      .build();
    const [a, b] = json.panels as unknown as JsonPanel[];
    expect(a?.id).not.toBe(b?.id);
    expect(findOverlap([a?.gridPos, b?.gridPos] as GridPos[])).toBeUndefined();
  });

  it("keeps panel ids when other panels are added before them", () => {
    const ids = (d: DashboardJson) =>
      Object.fromEntries((d.panels as unknown as JsonPanel[]).map((p) => [p.title, p.id]));
    const before = ids(
      dashboard("Ids")
        .panels(panel("Errors", 12, 8))
        .build(),
    );
    const after = ids(
      dashboard("Ids")
        .panels(panel("New", 12, 8), panel("Errors", 12, 8))
        .build(),
    );
    expect(after.Errors).toBe(before.Errors);
  });
});

describe("fnv1a (panel ids and uid suffixes)", () => {
  // The reference: the same hash over TextEncoder's bytes, as ids were first derived.
  const reference = (text: string) => {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  };

  it("hashes the UTF-8 bytes of any text, lone surrogates as U+FFFD", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(fnv1a(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ["", "a", "Überschrift", "日本語 😀", "lone \ud800 \udfff", "\u{10ffff}"])
      expect(fnv1a(text)).toBe(reference(text));
    expect(fnv1a("a")).toBe(0xe40c292c);
  });
});
