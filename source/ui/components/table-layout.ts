// Column widths and the visible window of a table: pure, so the 80-column behaviour (which
// columns survive, how much the flexible ones get) is tested without rendering.
import { apportion } from '../apportion.js';

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
  /** Takes the width no column's content needs: a sparkline shows one more point per cell. */
  readonly fill?: boolean;
}

export interface PlacedColumn {
  readonly column: Column;
  readonly width: number;
}

/** Cells each column's widest content (header included) needs, by column key. */
export type ContentWidths = Readonly<Record<string, number>>;

export const COLUMN_GAP = 1;
/**
 * How much of its content an essential flexible column claims before optional columns are
 * considered. Names this long are rare; a pathological one must not push every optional column
 * off the screen, and it still grows into whatever width is left over afterwards.
 */
export const ESSENTIAL_CLAIM = 40;

const minimum = (c: Column) => c.width ?? c.minWidth ?? 1;
const gaps = (count: number) => COLUMN_GAP * Math.max(0, count - 1);

/**
 * Fits columns into `width`, given how wide their content is:
 * 1. essential flexible columns claim their content width (up to ESSENTIAL_CLAIM); optional
 *    columns are then dropped, least important first, until everything fits at its minimum;
 * 2. the spare width goes to essential flexible columns up to their claim, then up to their
 *    content width, then to the optional flexible ones; what is still left goes to `fill`
 *    columns (or stays blank);
 * 3. if even the essential minimums do not fit, they shrink from the right, to nothing.
 * So nothing is truncated while there is width to spare, and at 80 columns the essential ones
 * keep their content before an optional column appears.
 */
export function layoutColumns(columns: readonly Column[], width: number, content: ContentWidths = {}): PlacedColumn[] {
  const available = Math.max(0, Math.floor(width));
  const natural = (c: Column) => Math.max(minimum(c), content[c.key] ?? 0);
  const claim = (c: Column) => (c.width === undefined && c.priority === 0 ? Math.max(minimum(c), Math.min(natural(c), ESSENTIAL_CLAIM)) : minimum(c));
  const need = (cols: readonly Column[], size: (c: Column) => number) => cols.reduce((sum, c) => sum + size(c), 0) + gaps(cols.length);
  let kept = [...columns];
  while (need(kept, claim) > available) {
    const worst = kept.reduce<Column | null>((w, c) => (c.priority > 0 && (!w || c.priority >= w.priority) ? c : w), null);
    if (!worst) break;
    kept = kept.filter((c) => c !== worst);
  }
  const widths = kept.map(minimum);
  let spare = available - need(kept, minimum);
  const flexible = kept.flatMap((c, i) => (c.width === undefined ? [i] : []));
  const grow = (indices: readonly number[], target: (c: Column) => number) => {
    // Each column gets the same fraction of what it lacks: order-independent, and a short name
    // is not starved by a long message.
    const lack = indices.map((i) => Math.max(0, target(kept[i]!) - widths[i]!));
    const budget = Math.min(Math.max(0, spare), lack.reduce((sum, l) => sum + l, 0));
    apportion(budget, lack).forEach((share, n) => (widths[indices[n]!]! += share));
    spare -= budget;
  };
  const essential = flexible.filter((i) => kept[i]!.priority === 0);
  // Claims first: shared in proportion to what each lacks, one very long session name (or a
  // skipped path) would otherwise take most of the width and cut "OK (new chain)" short.
  grow(essential, claim);
  grow(essential, natural);
  grow(flexible, natural);
  // Width nobody's content needs goes to the filling columns; without one it stays blank at the
  // right, which keeps each value next to its neighbours instead of opening gaps mid-row.
  const fillers = spare > 0 ? flexible.filter((i) => kept[i]!.fill === true) : [];
  fillers.forEach((i, n) => {
    const share = Math.floor(spare / (fillers.length - n));
    widths[i]! += share;
    spare -= share;
  });
  // Still too wide: only essential columns are left, so shrink from the right.
  let overflow = -spare;
  for (let i = widths.length - 1; i >= 0 && overflow > 0; i--) {
    const cut = Math.min(widths[i]!, overflow);
    widths[i]! -= cut;
    overflow -= cut;
  }
  return kept.flatMap((column, i) => (widths[i]! > 0 ? [{ column, width: widths[i]! }] : []));
}

// Ink measures cells with string-width, which is not a dependency of ours. Sizing only needs an
// estimate that does not undercount: wide (East Asian, emoji) characters take two cells,
// combining marks and zero-width characters none. Ink still truncates exactly.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\p{Emoji_Presentation}]/u;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Variation_Selector}\u200b-\u200f\u2060-\u2064]/u;

/** Terminal cells `text` takes (an estimate, see above). */
export function textWidth(text: string): number {
  let cells = 0;
  for (const ch of text) cells += ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return cells;
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
