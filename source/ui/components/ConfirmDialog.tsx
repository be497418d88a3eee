// Every mutating action asks first, and the highlighted answer starts on Cancel (k9s#146): a
// stray Enter can never restore or rotate. The typed variant asks for the name of what will be
// overwritten.
import { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme-context.js';

export interface ConfirmDialogProps {
  readonly title: string;
  /** What will happen, already sanitised, one entry per line. */
  readonly lines: readonly string[];
  readonly choice: 'cancel' | 'confirm';
  /** When set, the user must type this text and press Enter. */
  readonly expected?: string;
  readonly typed?: string;
  readonly width: number;
  readonly height: number;
}

export const ConfirmDialog = memo(function ConfirmDialog({ title, lines, choice, expected, typed, width, height }: ConfirmDialogProps) {
  const theme = useTheme();
  if (width <= 0 || height <= 0) return null;
  const body = lines.slice(0, Math.max(0, height - 3));
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, body.length + 3)} overflow="hidden">
      <Box width={width} height={1}>
        <Text bold inverse color={theme.color('warn')} wrap="truncate-end">{` ${theme.mark('warn')} ${title} `}</Text>
      </Box>
      {body.map((line, i) => (
        <Box key={i} width={width} height={1}>
          <Text wrap="truncate-end">{theme.fold(`  ${line}`)}</Text>
        </Box>
      ))}
      <Box width={width} height={1} />
      <Box width={width} height={1}>
        {expected !== undefined ? (
          <Text wrap="truncate-end">
            <Text>{`  type ${JSON.stringify(expected)} to confirm: `}</Text>
            <Text bold>{typed ?? ''}</Text>
            <Text inverse> </Text>
            <Text color={theme.color('muted')}>{theme.fold('  Enter confirms · Esc cancels')}</Text>
          </Text>
        ) : (
          <Text wrap="truncate-end">
            {'  '}
            <Text inverse={choice === 'cancel'} bold={choice === 'cancel'}>{`${choice === 'cancel' ? theme.pointer : ' '} Cancel `}</Text>
            {'  '}
            <Text inverse={choice === 'confirm'} bold={choice === 'confirm'} color={theme.color('warn')}>{`${choice === 'confirm' ? theme.pointer : ' '} Confirm `}</Text>
            <Text color={theme.color('muted')}>{theme.fold('  ←/→ choose · Enter · Esc cancels')}</Text>
          </Text>
        )}
      </Box>
    </Box>
  );
});
