// Where each pane goes for a terminal size: pure, so "never taller than rows" and the 80x24
// stacked layout are tested as arithmetic. Ink repaints the whole screen when a frame is taller
// than the terminal, so every height here sums to at most `rows`.
import type { PaneId } from '../store/view-model.js';

export interface PaneBox {
  readonly pane: PaneId;
  readonly width: number;
  readonly height: number;
}

export type LayoutMode = 'tiny' | 'stacked' | 'grid' | 'zoomed';

export interface LayoutPlan {
  readonly mode: LayoutMode;
  readonly headerHeight: number;
  readonly footerHeight: number;
  readonly bodyHeight: number;
  /** Grid columns, each a stack of panes; one column when stacked, tiny or zoomed. */
  readonly columns: readonly (readonly PaneBox[])[];
  /** Shown in tiny mode: why only one pane is visible. */
  readonly hint: string | null;
}

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
export const GRID_GAP = 1;
/** Title line plus one line of content. */
const MIN_PANE_HEIGHT = 2;

const STACK_ORDER: readonly PaneId[] = ['sessions', 'neo4j', 'metrics', 'degradations', 'backups', 'action'];
const GRID_2: readonly (readonly PaneId[])[] = [
  ['sessions', 'backups', 'action'],
  ['neo4j', 'metrics', 'degradations'],
];
const GRID_3: readonly (readonly PaneId[])[] = [
  ['sessions', 'backups'],
  ['neo4j', 'degradations'],
  ['metrics', 'action'],
];

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly focused: PaneId;
  readonly zoomed: boolean;
  /** Lines each pane would like (title included); panes never get less than two. */
  readonly wants: Readonly<Record<PaneId, number>>;
}

export function planLayout({ columns, rows, focused, zoomed, wants }: LayoutInput): LayoutPlan {
  const width = Math.max(0, Math.floor(columns));
  const height = Math.max(0, Math.floor(rows));
  const tiny = width < MIN_COLUMNS || height < MIN_ROWS;
  const headerHeight = height >= 3 ? 1 : 0;
  const footerHeight = height >= 2 ? 1 : 0;
  const bodyHeight = Math.max(0, height - headerHeight - footerHeight);
  const single = (mode: LayoutMode, hint: string | null): LayoutPlan => ({
    mode,
    headerHeight,
    footerHeight,
    bodyHeight,
    columns: bodyHeight > 0 ? [[{ pane: focused, width, height: bodyHeight }]] : [],
    hint,
  });
  if (tiny) return single('tiny', `${width}x${height} is below ${MIN_COLUMNS}x${MIN_ROWS}: showing one pane (Tab or 1-6 switch)`);
  if (zoomed) return single('zoomed', null);
  const gridColumns = width >= 180 ? GRID_3 : width >= 120 ? GRID_2 : null;
  if (!gridColumns) {
    return { mode: 'stacked', headerHeight, footerHeight, bodyHeight, columns: [stack(STACK_ORDER, width, bodyHeight, focused, wants)], hint: null };
  }
  const count = gridColumns.length;
  const columnWidth = Math.floor((width - GRID_GAP * (count - 1)) / count);
  const lastWidth = width - GRID_GAP * (count - 1) - columnWidth * (count - 1);
  return {
    mode: 'grid',
    headerHeight,
    footerHeight,
    bodyHeight,
    columns: gridColumns.map((panes, i) => stack(panes, i === count - 1 ? lastWidth : columnWidth, bodyHeight, focused, wants)),
    hint: null,
  };
}

/**
 * Splits `height` between stacked panes: every pane gets its minimum, the focused pane then
 * takes up to half of what is left, and the rest goes round-robin to panes that want more.
 * Lines nobody wants stay blank below the stack rather than opening gaps inside it.
 */
export function stack(panes: readonly PaneId[], width: number, height: number, focused: PaneId, wants: Readonly<Record<PaneId, number>>): PaneBox[] {
  const fit = Math.min(panes.length, Math.floor(height / MIN_PANE_HEIGHT));
  // Too short for every pane: keep the focused one and those listed first.
  const reserve = panes.includes(focused) ? 1 : 0;
  const keep = new Set<PaneId>([focused, ...panes.filter((p) => p !== focused).slice(0, Math.max(reserve === 1 ? 0 : 1, fit - reserve))]);
  const shown = panes.filter((p) => keep.has(p));
  const alloc = new Map<PaneId, number>(shown.map((p) => [p, Math.min(MIN_PANE_HEIGHT, height)]));
  let remaining = height - [...alloc.values()].reduce((a, b) => a + b, 0);
  const want = (p: PaneId) => Math.max(MIN_PANE_HEIGHT, wants[p]);
  if (alloc.has(focused)) {
    const extra = Math.min(Math.max(0, want(focused) - alloc.get(focused)!), Math.ceil(remaining / 2));
    alloc.set(focused, alloc.get(focused)! + extra);
    remaining -= extra;
  }
  let progressed = true;
  while (remaining > 0 && progressed) {
    progressed = false;
    for (const p of shown) {
      if (remaining > 0 && alloc.get(p)! < want(p)) {
        alloc.set(p, alloc.get(p)! + 1);
        remaining--;
        progressed = true;
      }
    }
  }
  return shown.map((pane) => ({ pane, width, height: alloc.get(pane)! }));
}
