import { memo } from 'react';
import { Text } from 'ink';
import type { Tone } from '../../store/view-model.js';
import { useTheme } from '../theme-context.js';

/**
 * The last `width` values as block characters. The scale starts at zero (or the minimum, when
 * values go negative) so a flat non-zero rate does not look like an empty one; non-finite
 * values are gaps.
 */
export function renderSparkline(values: readonly number[], width: number, chars: readonly string[]): string {
  const w = Math.max(0, Math.floor(width));
  if (w === 0 || chars.length === 0) return '';
  const shown = values.slice(-w);
  const finite = shown.filter((v) => Number.isFinite(v));
  const low = Math.min(0, ...finite);
  const high = Math.max(low, ...finite);
  const top = chars.length - 1;
  const body = shown
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (high === low) return chars[0]!;
      return chars[Math.round(((v - low) / (high - low)) * top)]!;
    })
    .join('');
  return body.padStart(w, ' ');
}

export const Sparkline = memo(function Sparkline(props: { values: readonly number[]; width: number; tone?: Tone }) {
  const theme = useTheme();
  return (
    <Text color={theme.color(props.tone)} wrap="truncate-end">
      {renderSparkline(props.values, props.width, theme.sparkChars)}
    </Text>
  );
});
