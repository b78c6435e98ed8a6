/**
 * Placement on Grafana's 24-column grid. Panels flow left to right and wrap; each panel sits as high
 * as the panels above it allow (a skyline), which is where Grafana's own vertical compaction would
 * move it, so a dashboard saved from the UI keeps these positions. Rows are full-width bars of
 * height 1. A collapsed row's panels get the positions they take when the row is opened: just
 * below the row, while the next row follows the collapsed one directly (Grafana's JSON model).
 */
export const gridColumns = 24;

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LayoutInput {
  /** Panels before the first row. */
  readonly top: readonly Size[];
  readonly rows: readonly { readonly collapsed: boolean; readonly panels: readonly Size[] }[];
}

export interface LayoutResult {
  readonly top: readonly GridPos[];
  readonly rows: readonly { readonly pos: GridPos; readonly panels: readonly GridPos[] }[];
}

/** Places one block of panels starting at row `y0`; returns their positions and the block's bottom. */
function placeBlock(panels: readonly Size[], y0: number): { positions: GridPos[]; bottom: number } {
  const skyline = new Array<number>(gridColumns).fill(y0);
  const positions: GridPos[] = [];
  let x = 0;
  for (const { width, height } of panels) {
    const w = Math.min(Math.max(width, 1), gridColumns);
    if (x + w > gridColumns) x = 0;
    let y = y0;
    for (let c = x; c < x + w; c++) y = Math.max(y, skyline[c] ?? y0);
    positions.push({ x, y, w, h: height });
    for (let c = x; c < x + w; c++) skyline[c] = y + height;
    x += w;
  }
  return { positions, bottom: Math.max(y0, ...skyline) };
}

export function layout(input: LayoutInput): LayoutResult {
  const top = placeBlock(input.top, 0);
  let y = top.bottom;
  const rows = input.rows.map((r) => {
    const pos: GridPos = { x: 0, y, w: gridColumns, h: 1 };
    const block = placeBlock(r.panels, y + 1);
    // A collapsed row hides its panels: what follows starts right below the row bar.
    y = r.collapsed ? y + 1 : block.bottom;
    return { pos, panels: block.positions };
  });
  return { top: top.positions, rows };
}

/** True when two grid rectangles share at least one cell. */
export function overlap(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The indexes of the first two overlapping positions, if any. */
export function findOverlap(positions: readonly GridPos[]): [number, number] | undefined {
  for (let i = 0; i < positions.length; i++) {
    for (let j = i + 1; j < positions.length; j++) {
      if (overlap(positions[i] as GridPos, positions[j] as GridPos)) return [i, j];
    }
  }
  return undefined;
}
