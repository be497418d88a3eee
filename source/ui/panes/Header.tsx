// The status bar: overall health first (it is what an on-call engineer looks for), then the
// flags that change what the screen means (paused, read-only), then where this is.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { HeaderView, Mark, Tone } from '../../store/view-model.js';
import { useTheme } from '../theme-context.js';

const HEALTH: Record<HeaderView['health'], { tone: Tone; mark: Mark }> = {
  ok: { tone: 'ok', mark: 'ok' },
  degraded: { tone: 'warn', mark: 'warn' },
  down: { tone: 'error', mark: 'bad' },
};

export const Header = memo(function Header({ view, width }: { view: HeaderView; width: number }) {
  const theme = useTheme();
  if (width <= 0) return null;
  const health = HEALTH[view.health];
  const right = [view.paused ? `${theme.mark('paused')} PAUSED` : `every ${view.interval}`, view.readOnly ? 'READ-ONLY' : '', view.clock]
    .filter(Boolean)
    .join('  ');
  return (
    <Box width={width} height={1}>
      <Box flexGrow={1} flexShrink={1} minWidth={0}>
        <Text wrap="truncate-end">
          <Text bold>zaxy </Text>
          <Text color={theme.color(health.tone)} bold inverse={view.health !== 'ok'}>
            {theme.fold(` ${theme.mark(health.mark)} ${view.healthText} `)}
          </Text>
          <Text color={theme.color('muted')}>{theme.fold(`  ${view.env} · ${view.backend} · ${view.root}`)}</Text>
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        <Text color={theme.color(view.paused ? 'warn' : 'muted')} wrap="truncate-end">
          {right}
        </Text>
      </Box>
    </Box>
  );
});
