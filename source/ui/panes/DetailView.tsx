// The selected row in full (Enter): labelled fields, then free text such as the broken line
// with its expected and found hash, or a backup's manifest. Lines are truncated, never wrapped,
// so the view keeps its height; format.ts puts long values (hashes) on lines of their own.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { DetailView as DetailViewModel } from '../../store/view-model.js';
import { useTheme } from '../theme-context.js';
import { ScrollOverlay, type OverlayLine } from '../components/ScrollOverlay.js';

export interface DetailViewProps {
  readonly detail: DetailViewModel | null;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

export const DetailView = memo(function DetailView({ detail, width, height, scroll }: DetailViewProps) {
  const theme = useTheme();
  if (height <= 0 || width <= 0) return null;
  if (!detail) {
    return (
      <Box width={width} height={height}>
        <Text color={theme.color('muted')} wrap="truncate-end">  the selected row is no longer present (Esc to go back)</Text>
      </Box>
    );
  }
  const labelWidth = Math.min(18, Math.max(0, ...detail.fields.map((f) => f.label.length)) + 1);
  const lines: OverlayLine[] = [
    ...detail.fields.map((f, i) => ({
      key: `f${i}`,
      node: (
        <Text wrap="truncate-end">
          <Text color={theme.color('muted')}>{`  ${f.label.padEnd(labelWidth)}`}</Text>
          <Text color={theme.color(f.tone)}>{f.mark ? `${theme.mark(f.mark)} ` : ''}{theme.fold(f.value)}</Text>
        </Text>
      ),
    })),
    ...(detail.body && detail.body.length > 0 ? [{ key: 'gap', node: <Text> </Text> }] : []),
    ...(detail.body ?? []).map((line, i) => ({ key: `b${i}`, node: <Text wrap="truncate-end">{theme.fold(`  ${line}`)}</Text> })),
  ];
  return <ScrollOverlay title={detail.title} hint={'Esc back · j/k scroll'} lines={lines} width={width} height={height} scroll={scroll} />;
});
