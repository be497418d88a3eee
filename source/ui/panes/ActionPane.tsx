// The output of the running or last action: bounded lines from the store, scrolled back from
// the end (0 follows new output like `tail -f`).
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { ActionOutputView } from '../../store/view-model.js';
import { Notice, PaneFrame } from '../components/PaneFrame.js';
import { useTheme } from '../theme-context.js';

export interface ActionPaneProps {
  readonly number: number;
  readonly view: ActionOutputView;
  /** The lines to show (after the `/` filter). */
  readonly lines: readonly string[];
  readonly scroll: number;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly note?: string;
}

/** The slice of `count` lines visible in `height` rows, `scroll` lines back from the end. */
export function outputWindow(count: number, scroll: number, height: number): { start: number; end: number } {
  const end = Math.max(0, count - Math.max(0, scroll));
  return { start: Math.max(0, end - Math.max(0, height)), end };
}

export const ActionPane = memo(function ActionPane({ number, view, lines, scroll, focused, width, height, note }: ActionPaneProps) {
  const theme = useTheme();
  const titleLines = view.title && height > 2 ? 1 : 0;
  const bodyHeight = Math.max(0, height - 1 - titleLines);
  const { start, end } = outputWindow(lines.length, scroll, bodyHeight);
  const scrolled = scroll > 0 ? `${note ? `${note}  ` : ''}${lines.length - end} newer lines below` : note;
  return (
    <PaneFrame number={number} title="Action output" status={view.status} focused={focused} width={width} height={height} note={scrolled}>
      {titleLines > 0 ? (
        <Box width={width} height={1}>
          <Text bold color={theme.color(view.status.tone)} wrap="truncate-end">{theme.fold(`  ${view.title}`)}</Text>
        </Box>
      ) : null}
      {lines.length === 0 ? (
        <Notice text={view.lines.length > 0 ? 'no lines match the filter' : view.empty} width={width} />
      ) : (
        lines.slice(start, end).map((line, i) => (
          <Box key={start + i} width={width} height={1}>
            <Text wrap="truncate-end">{theme.fold(`  ${line}`)}</Text>
          </Box>
        ))
      )}
    </PaneFrame>
  );
});
