// A full-pane overlay with a one-line title bar and a scrolled body of pre-built lines; the help
// overlay and the detail view are both this frame with different content.
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme-context.js';

export interface OverlayLine {
  readonly key: string;
  readonly node: ReactNode;
}

export interface ScrollOverlayProps {
  readonly title: string;
  readonly hint: string;
  readonly lines: readonly OverlayLine[];
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

export function ScrollOverlay({ title, hint, lines, width, height, scroll }: ScrollOverlayProps) {
  const theme = useTheme();
  const bodyHeight = Math.max(0, height - 1);
  // Clamp so scrolling past the end never shows a blank page.
  const start = Math.min(Math.max(0, scroll), Math.max(0, lines.length - bodyHeight));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box width={width} height={1}>
        <Text bold inverse color={theme.color('accent')} wrap="truncate-end">{theme.fold(` ${title} `)}</Text>
        <Text color={theme.color('muted')} wrap="truncate-end">{theme.fold(`  ${hint}`)}</Text>
      </Box>
      {lines.slice(start, start + bodyHeight).map((l) => (
        <Box key={l.key} width={width} height={1}>
          {l.node}
        </Box>
      ))}
    </Box>
  );
}
