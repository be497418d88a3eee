// `:` — one input line and one line of completions; the parsing and completion live in
// palette.ts, the text and suggestions in the UI state.
import { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme-context.js';

export interface CommandPaletteProps {
  readonly text: string;
  readonly suggestions: readonly string[];
  readonly width: number;
}

/** Two lines: the input, then matching commands or arguments. */
export const PALETTE_HEIGHT = 2;

export const CommandPalette = memo(function CommandPalette({ text, suggestions, width }: CommandPaletteProps) {
  const theme = useTheme();
  if (width <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={PALETTE_HEIGHT}>
      <Box width={width} height={1}>
        <Text wrap="truncate-start">
          <Text bold color={theme.color('accent')}>:</Text>
          <Text>{text}</Text>
          <Text inverse> </Text>
        </Text>
      </Box>
      <Box width={width} height={1}>
        <Text color={theme.color('muted')} wrap="truncate-end">
          {suggestions.length > 0 ? suggestions.join('  ') : theme.fold('Tab completes · Enter runs · Esc closes')}
        </Text>
      </Box>
    </Box>
  );
});
