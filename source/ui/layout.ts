// Where each pane goes for a terminal size: pure, so "never taller than rows" and the 80x24
// stacked layout are tested as arithmetic. Ink repaints the whole screen when a frame is taller
// than the terminal, so every height here sums to at most `rows`.
import type { PaneId } from '../store/view-model.js';
import { apportion } from './apportion.js';

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
/** Below this a grid column is too narrow for two panes side by side to beat one stack. */
const GRID_MIN_WIDTH = 120;
/**
 * Every grid column must be this wide before a third one is added: a Sessions table with all
 * its columns (type and actor included) needs about 90 cells, and fewer, wider panes show more
 * than many truncated ones.
 */
const WIDE_PANE = 90;

/**
 * How readily a pane takes lines beyond what its content asks for, once every pane has what it
 * wants. Lists that grow while the console runs (sessions, action output, new degradations,
 * backups, Neo4j findings) take them; Metrics has one row per exported series, so blank lines
 * there would help nobody.
 */
const GROW: Readonly<Record<PaneId, number>> = { sessions: 2, action: 2, backups: 1, degradations: 1, neo4j: 1, metrics: 0 };

const STACK_ORDER: readonly PaneId[] = ['sessions', 'neo4j', 'metrics', 'degradations', 'backups', 'action'];
// Grids are rows of panes, so a row's panes share one height and the titles of the next row line
// up across the screen. Sessions and Metrics, the two that move most, open the top row.
const GRID_2: readonly (readonly PaneId[])[] = [
  ['sessions', 'metrics'],
  ['backups', 'neo4j'],
  ['degradations', 'action'],
];
const GRID_3: readonly (readonly PaneId[])[] = [
  ['sessions', 'metrics', 'neo4j'],
  ['backups', 'degradations', 'action'],
];

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly focused: PaneId;
  readonly zoomed: boolean;
  /** Lines each pane would like (title included); panes never get less than two. */
  readonly wants: Readonly<Record<PaneId, number>>;
}

/** The grid for a width, or null for the single stack. */
export function gridFor(columns: number): readonly (readonly PaneId[])[] | null {
  if (columns >= 3 * WIDE_PANE + 2 * GRID_GAP) return GRID_3;
  return columns >= GRID_MIN_WIDTH ? GRID_2 : null;
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
  const grid = gridFor(width);
  if (!grid) {
    return { mode: 'stacked', headerHeight, footerHeight, bodyHeight, columns: [stack(STACK_ORDER, width, bodyHeight, focused, wants)], hint: null };
  }
  return { mode: 'grid', headerHeight, footerHeight, bodyHeight, columns: gridColumns(grid, width, bodyHeight, focused, wants), hint: null };
}

/** Splits `width` into `count` columns with gaps between them; the last takes the remainder. */
export function columnWidths(width: number, count: number): number[] {
  const usable = Math.max(0, width - GRID_GAP * (count - 1));
  const each = Math.floor(usable / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? usable - each * (count - 1) : each));
}

/** Lays out a grid given as rows of panes: rows share their height, columns share the width. */
export function gridColumns(grid: readonly (readonly PaneId[])[], width: number, height: number, focused: PaneId, wants: Readonly<Record<PaneId, number>>): PaneBox[][] {
  const count = Math.max(...grid.map((row) => row.length));
  const widths = columnWidths(width, count);
  const heights = splitHeight(
    grid.map((row) => ({
      want: Math.max(...row.map((p) => wants[p])),
      grow: row.reduce((sum, p) => sum + GROW[p], 0),
      focused: row.includes(focused),
    })),
    height,
  );
  return widths.map((w, i) => grid.flatMap((row, r) => (heights[r]! > 0 && row[i] ? [{ pane: row[i], width: w, height: heights[r]! }] : [])));
}

/** Stacks panes in one column (the 80-column layout). */
export function stack(panes: readonly PaneId[], width: number, height: number, focused: PaneId, wants: Readonly<Record<PaneId, number>>): PaneBox[] {
  const heights = splitHeight(panes.map((p) => ({ want: wants[p], grow: GROW[p], focused: p === focused })), height);
  return panes.flatMap((pane, i) => (heights[i]! > 0 ? [{ pane, width, height: heights[i]! }] : []));
}

/** A slice of the body's height: a stacked pane, or a grid row. */
export interface Band {
  /** Lines its content asks for (title included). */
  readonly want: number;
  /** Share of the lines left once every band has what it wants; 0 takes none. */
  readonly grow: number;
  /** Holds the focused pane: never dropped, and served first. */
  readonly focused: boolean;
}

/**
 * Splits `height` between bands; a height of 0 means the band is not shown. Every band gets its
 * minimum, the focused one then takes up to half of what is left, and the rest goes round-robin
 * to bands that want more. Lines nobody wants are shared by `grow`, so the panes fill the screen
 * instead of leaving a blank block below them; if no band grows, the lines stay blank at the end.
 */
export function splitHeight(bands: readonly Band[], height: number): number[] {
  const total = Math.max(0, Math.floor(height));
  const fit = Math.floor(total / MIN_PANE_HEIGHT);
  // Too short for every band: keep the focused one and those listed first.
  const focusedIndex = bands.findIndex((b) => b.focused);
  const others = bands.map((_, i) => i).filter((i) => i !== focusedIndex);
  const shown = new Set(focusedIndex >= 0 ? [focusedIndex, ...others.slice(0, Math.max(0, fit - 1))] : others.slice(0, Math.max(1, fit)));
  const alloc = bands.map((_, i) => (shown.has(i) ? Math.min(MIN_PANE_HEIGHT, total) : 0));
  let remaining = total - alloc.reduce((a, b) => a + b, 0);
  const want = (i: number) => (shown.has(i) ? Math.max(MIN_PANE_HEIGHT, bands[i]!.want) : 0);
  if (focusedIndex >= 0 && shown.has(focusedIndex)) {
    const extra = Math.min(Math.max(0, want(focusedIndex) - alloc[focusedIndex]!), Math.ceil(remaining / 2));
    alloc[focusedIndex]! += extra;
    remaining -= extra;
  }
  let progressed = true;
  while (remaining > 0 && progressed) {
    progressed = false;
    for (let i = 0; i < bands.length && remaining > 0; i++) {
      if (alloc[i]! < want(i)) {
        alloc[i]!++;
        remaining--;
        progressed = true;
      }
    }
  }
  if (remaining > 0) apportion(remaining, bands.map((b, i) => (shown.has(i) ? b.grow : 0))).forEach((share, i) => (alloc[i]! += share));
  return alloc;
}
