// The one frame every pane uses: a title line (number, name, source status, filter) and a body
// clipped to the height the layout gave it. No side borders: at 80 columns they cost two
// columns per pane and two rows per stacked pane. A muted rule runs to the end of the title line
// instead, so each pane reads as one region even where its content leaves lines blank.
import { memo, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { SourceStatusView } from '../../store/view-model.js';
import { useTheme } from '../theme-context.js';
import { textWidth } from './table-layout.js';

export interface PaneFrameProps {
  readonly number: number;
  readonly title: string;
  readonly status: SourceStatusView | null;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  /** e.g. "/verify 3 of 12" while a filter is active. */
  readonly note?: string;
  readonly children?: ReactNode;
}

export const PaneFrame = memo(function PaneFrame({ number, title, status, focused, width, height, note, children }: PaneFrameProps) {
  const theme = useTheme();
  if (height <= 0 || width <= 0) return null;
  // Brackets mark focus without relying on colour or inverse video.
  const label = focused ? `[${number} ${title}]` : ` ${number} ${title} `;
  const statusText = status ? theme.fold(` ${theme.mark(status.mark)} ${status.text}`) : '';
  const noteText = note ? theme.fold(`  ${note}`) : '';
  const ruleWidth = width - textWidth(label + statusText + noteText) - 1;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box width={width} height={1}>
        <Text wrap="truncate-end">
          <Text inverse={focused} bold={focused} color={theme.color(focused ? 'accent' : undefined)}>
            {label}
          </Text>
          {statusText ? <Text color={theme.color(status?.tone)}>{statusText}</Text> : null}
          {noteText ? <Text color={theme.color('info')}>{noteText}</Text> : null}
          {ruleWidth > 0 ? <Text color={theme.color('muted')}>{` ${theme.rule.repeat(ruleWidth)}`}</Text> : null}
        </Text>
      </Box>
      {height > 1 ? (
        <Box flexDirection="column" width={width} height={height - 1} overflow="hidden">
          {children}
        </Box>
      ) : null}
    </Box>
  );
});

/** A muted one-line message (empty lists, "not configured"). */
export function Notice({ text, width }: { text: string; width: number }) {
  const theme = useTheme();
  return (
    <Box width={width} height={1}>
      <Text color={theme.color('muted')} wrap="truncate-end">
        {theme.fold(`  ${text}`)}
      </Text>
    </Box>
  );
}
