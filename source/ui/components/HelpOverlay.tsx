// `?`: every key, grouped by where it works, generated from the same bindings that dispatch.
// In read-only mode the dangerous bindings are named first as hidden, with the reason.
import { memo } from 'react';
import { Text } from 'ink';
import { formatKeys, READ_ONLY_REASON, scopeTitle, visibleBindings, type Binding, type Scope } from '../keymap.js';
import { useTheme } from '../theme-context.js';
import { ScrollOverlay, type OverlayLine } from './ScrollOverlay.js';

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
  const lines: OverlayLine[] = [];
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
  return <ScrollOverlay title={'Keys'} hint={'Esc or ? closes · j/k scroll'} lines={lines} width={width} height={height} scroll={scroll} />;
});
