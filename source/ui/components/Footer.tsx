import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Binding } from '../keymap.js';
import { formatKeys, visibleBindings } from '../keymap.js';
import type { UiMessage } from '../navigation.js';
import { useTheme } from '../theme-context.js';

export interface FooterProps {
  readonly bindings: readonly Binding[];
  readonly readOnly: boolean;
  /** A refusal or notice from the last key; replaces the hints until the next key. */
  readonly message: UiMessage | null;
  /** Shown instead of hints when the terminal is too small for the full layout. */
  readonly hint: string | null;
  readonly width: number;
}

/** One line: the last message, or the footer hints generated from the keymap. */
export const Footer = memo(function Footer({ bindings, readOnly, message, hint, width }: FooterProps) {
  const theme = useTheme();
  if (width <= 0) return null;
  if (message) {
    return (
      <Box width={width} height={1}>
        <Text color={theme.color(message.tone)} wrap="truncate-end">{theme.fold(`${theme.mark(message.tone === 'warn' ? 'warn' : 'ok')} ${message.text}`)}</Text>
      </Box>
    );
  }
  const hints = visibleBindings(bindings, readOnly)
    .filter((b) => b.footer)
    .map((b) => `${formatKeys(b).split(' / ')[0]} ${b.label}`)
    .join('  ');
  return (
    <Box width={width} height={1}>
      <Text color={theme.color(hint ? 'warn' : 'muted')} wrap="truncate-end">
        {theme.fold(hint ?? `${readOnly ? 'READ-ONLY  ' : ''}${hints}`)}
      </Text>
    </Box>
  );
});
