// `?`: every key, grouped by where it works, generated from the same bindings that dispatch.
// In read-only mode the dangerous bindings are named first as hidden, with the reason.
import { memo, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { formatKeys, READ_ONLY_REASON, scopeTitle, visibleBindings, type Binding, type Scope } from '../keymap.js';
import { useTheme } from '../theme-context.js';

export interface HelpOverlayProps {
  readonly bindings: readonly Binding[];
  readonly readOnly: boolean;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

export const HelpOverlay = memo(function HelpOverlay({ bindings, readOnly, width, height, scroll }: HelpOverlayProps) {
  const theme = useTheme();
  if (height <= 0 || width <= 0) return null;
  const shown = visibleBindings(bindings, readOnly);
  const scopes = [...new Set(shown.map((b) => b.scope))] as Scope[];
  const keyWidth = Math.min(22, Math.max(...shown.map((b) => formatKeys(b).length)) + 2);
  const lines: { key: string; node: ReactNode }[] = [];
  for (const scope of scopes) {
    lines.push({ key: `s-${scope}`, node: <Text bold color={theme.color('accent')}>{scopeTitle(scope)}</Text> });
    for (const b of shown.filter((x) => x.scope === scope)) {
      lines.push({
        key: b.id,
        node: (
          <Text wrap="truncate-end">
            <Text bold>{theme.fold(`  ${formatKeys(b).padEnd(keyWidth)}`)}</Text>
            <Text>{b.help}</Text>
            {b.danger ? <Text color={theme.color('warn')}>{`  ${theme.mark('warn')} mutating, asks first`}</Text> : null}
          </Text>
        ),
      });
    }
  }
  const hidden = bindings.filter((b) => readOnly && b.danger);
  if (hidden.length > 0) {
    lines.unshift({
      key: 'hidden',
      node: (
        <Text color={theme.color('warn')} wrap="truncate-end">
          {theme.fold(`Hidden: ${hidden.map((b) => b.label).join(', ')} — ${READ_ONLY_REASON}`)}
        </Text>
      ),
    });
  }
  const bodyHeight = Math.max(0, height - 1);
  const start = Math.min(Math.max(0, scroll), Math.max(0, lines.length - bodyHeight));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box width={width} height={1}>
        <Text bold inverse color={theme.color('accent')}>{' Keys '}</Text>
        <Text color={theme.color('muted')} wrap="truncate-end">{theme.fold('  Esc or ? closes · j/k scroll')}</Text>
      </Box>
      {lines.slice(start, start + bodyHeight).map((l) => (
        <Box key={l.key} width={width} height={1}>
          {l.node}
        </Box>
      ))}
    </Box>
  );
});
