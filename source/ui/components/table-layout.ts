// Column widths and the visible window of a table: pure, so the 80-column behaviour (which
// columns survive, how much the flexible one gets) is tested without rendering.

export interface Column {
  readonly key: string;
  readonly header: string;
  /** Fixed width; omit for a flexible column. */
  readonly width?: number;
  /** A flexible column never gets less than this while it is shown. */
  readonly minWidth?: number;
  readonly align?: 'left' | 'right';
  /** 0 = essential (never dropped); larger numbers are dropped first when space runs out. */
  readonly priority: number;
}

export interface PlacedColumn {
  readonly column: Column;
  readonly width: number;
}

export const COLUMN_GAP = 1;

/**
 * Fits columns into `width`: drops the least important until the fixed widths and flexible
 * minimums fit, then gives flexible columns the rest. Essential columns are shrunk (last first)
 * rather than dropped, down to nothing when there is no space at all.
 */
export function layoutColumns(columns: readonly Column[], width: number): PlacedColumn[] {
  const available = Math.max(0, Math.floor(width));
  let kept = [...columns];
  const need = (cols: readonly Column[]) =>
    cols.reduce((sum, c) => sum + (c.width ?? c.minWidth ?? 1), 0) + COLUMN_GAP * Math.max(0, cols.length - 1);
  while (need(kept) > available) {
    const worst = kept.reduce<Column | null>((w, c) => (c.priority > 0 && (!w || c.priority >= w.priority) ? c : w), null);
    if (!worst) break;
    kept = kept.filter((c) => c !== worst);
  }
  const flexible = kept.filter((c) => c.width === undefined);
  const spare = Math.max(0, available - need(kept));
  const share = flexible.length > 0 ? Math.floor(spare / flexible.length) : 0;
  let remainder = flexible.length > 0 ? spare - share * flexible.length : 0;
  let placed = kept.map((column) => {
    if (column.width !== undefined) return { column, width: column.width };
    const extra = share + (remainder > 0 ? 1 : 0);
    if (remainder > 0) remainder--;
    return { column, width: (column.minWidth ?? 1) + extra };
  });
  // Still too wide: only essential columns are left, so shrink from the right.
  let overflow = placed.reduce((s, p) => s + p.width, 0) + COLUMN_GAP * Math.max(0, placed.length - 1) - available;
  for (let i = placed.length - 1; i >= 0 && overflow > 0; i--) {
    const p = placed[i]!;
    const cut = Math.min(p.width, overflow);
    placed[i] = { column: p.column, width: p.width - cut };
    overflow -= cut;
  }
  placed = placed.filter((p) => p.width > 0);
  return placed;
}

/** The first row to show so that `selected` is visible in a window of `height` rows. */
export function windowStart(count: number, selected: number, height: number, previousStart = 0): number {
  if (height <= 0 || count <= height) return 0;
  const maxStart = count - height;
  let start = Math.min(Math.max(0, previousStart), maxStart);
  if (selected < start) start = selected;
  if (selected >= start + height) start = selected - height + 1;
  return Math.min(Math.max(0, start), maxStart);
}
