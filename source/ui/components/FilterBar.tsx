import { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme-context.js';

export interface FilterBarProps {
  readonly text: string;
  readonly matches: number;
  readonly total: number;
  readonly width: number;
}

/** `/` on the focused list: what is typed, and how many rows still match. */
export const FilterBar = memo(function FilterBar({ text, matches, total, width }: FilterBarProps) {
  const theme = useTheme();
  if (width <= 0) return null;
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        <Text bold color={theme.color('info')}>/</Text>
        <Text>{text}</Text>
        <Text inverse> </Text>
        <Text color={theme.color('muted')}>{theme.fold(`  ${matches} of ${total} match · Enter keeps · Esc clears`)}</Text>
      </Text>
    </Box>
  );
});
