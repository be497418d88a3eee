// Our own table (ink-table cannot load under Ink 8): fixed and flexible columns from
// `layoutColumns`, one truncated Text per cell so nothing wraps, and only the rows that fit.
import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import type { Cell, RowView } from '../../store/view-model.js';
import { useTheme } from '../theme-context.js';
import { renderSparkline } from './Sparkline.js';
import { COLUMN_GAP, layoutColumns, textWidth, windowStart, type Column, type ContentWidths } from './table-layout.js';

export interface TableProps {
  readonly columns: readonly Column[];
  readonly rows: readonly RowView[];
  readonly width: number;
  /** Lines available, header included. */
  readonly height: number;
  /** Index into `rows`, or -1 for none. */
  readonly selected: number;
  readonly focused: boolean;
}

const POINTER_WIDTH = 2;

export const Table = memo(function Table({ columns, rows, width, height, selected, focused }: TableProps) {
  const theme = useTheme();
  const content = useMemo(() => contentWidths(columns, rows), [columns, rows]);
  const placed = layoutColumns(columns, width - POINTER_WIDTH, content);
  if (height <= 0 || placed.length === 0) return null;
  // With a single line, the selected row says more than the column headers would.
  const showHeader = height >= 2;
  const bodyHeight = showHeader ? height - 1 : height;
  const start = windowStart(rows.length, Math.max(0, selected), bodyHeight);
  const visible = rows.slice(start, start + bodyHeight);
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, visible.length + (showHeader ? 1 : 0))} overflow="hidden">
      {showHeader ? <Box width={width} height={1}>
        <Box width={POINTER_WIDTH} flexShrink={0} />
        {placed.map((p, i) => (
          <Box key={p.column.key} width={p.width} marginLeft={i === 0 ? 0 : COLUMN_GAP} flexShrink={0} justifyContent={p.column.align === 'right' ? 'flex-end' : 'flex-start'}>
            <Text bold color={theme.color('muted')} wrap="truncate-end">
              {theme.fold(p.column.header)}
            </Text>
          </Box>
        ))}
      </Box> : null}
      {visible.map((row, i) => {
        const isSelected = start + i === selected;
        return (
          <Box key={row.key} width={width} height={1}>
            <Box width={POINTER_WIDTH} flexShrink={0}>
              <Text color={theme.color(focused ? 'accent' : 'muted')}>{isSelected ? theme.pointer : row.highlight ? theme.mark('new') : ' '}</Text>
            </Box>
            {placed.map((p, j) => (
              <Box key={p.column.key} width={p.width} marginLeft={j === 0 ? 0 : COLUMN_GAP} flexShrink={0} justifyContent={p.column.align === 'right' ? 'flex-end' : 'flex-start'}>
                <CellText cell={row.cells[p.column.key]} width={p.width} selected={isSelected && focused} highlight={row.highlight === true} />
              </Box>
            ))}
          </Box>
        );
      })}
    </Box>
  );
});

/**
 * The widest cell of each column over all rows, not just the visible ones, so widths do not
 * jump while scrolling. Sparklines are left out: they take what is left (`Column.fill`).
 */
export function contentWidths(columns: readonly Column[], rows: readonly RowView[]): ContentWidths {
  const widths: Record<string, number> = {};
  for (const column of columns) {
    let widest = textWidth(column.header);
    for (const row of rows) {
      const cell = row.cells[column.key];
      if (!cell || cell.spark) continue;
      widest = Math.max(widest, textWidth(cell.text) + (cell.mark ? 2 : 0));
    }
    widths[column.key] = widest;
  }
  return widths;
}

function CellText({ cell, width, selected, highlight }: { cell: Cell | undefined; width: number; selected: boolean; highlight: boolean }) {
  const theme = useTheme();
  if (!cell) return <Text> </Text>;
  const mark = cell.mark ? `${theme.mark(cell.mark)} ` : '';
  const spark = cell.spark ? renderSparkline(cell.spark, width, theme.sparkChars) : '';
  const tone = cell.tone ?? (highlight ? 'new' : undefined);
  return (
    <Text color={theme.color(tone)} inverse={selected} bold={highlight} wrap="truncate-end">
      {spark || theme.fold(`${mark}${cell.text}`)}
    </Text>
  );
}
