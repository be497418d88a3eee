// The body shared by every list pane: an optional summary line, then the table or the empty
// notice. Each named pane only chooses its columns.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Field, ListPaneView, RowView } from '../../store/view-model.js';
import { Notice, PaneFrame } from '../components/PaneFrame.js';
import { Table } from '../components/Table.js';
import type { Column } from '../components/table-layout.js';
import { useTheme } from '../theme-context.js';

export interface ListPaneProps {
  readonly number: number;
  readonly view: ListPaneView;
  /** The rows to show (the view's rows after the `/` filter). */
  readonly rows: readonly RowView[];
  readonly selected: number;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly note?: string;
}

export const ListPane = memo(function ListPane(props: ListPaneProps & { title: string; columns: readonly Column[] }) {
  const { view, rows, width, height } = props;
  // The summary yields to the table when the pane is short: a header and two rows say more.
  const need = rows.length === 0 ? 1 : Math.min(rows.length + 1, 3);
  const summaryLines = view.summary.length > 0 && height - 2 >= need ? 1 : 0;
  const tableHeight = height - 1 - summaryLines;
  return (
    <PaneFrame number={props.number} title={props.title} status={view.status} focused={props.focused} width={width} height={height} note={props.note}>
      {summaryLines > 0 ? <SummaryLine fields={view.summary} width={width} /> : null}
      {rows.length === 0 ? (
        <Notice text={view.rows.length > 0 ? 'no rows match the filter' : view.empty} width={width} />
      ) : (
        <Table columns={props.columns} rows={rows} width={width} height={tableHeight} selected={props.selected} focused={props.focused} />
      )}
    </PaneFrame>
  );
});

function SummaryLine({ fields, width }: { fields: readonly Field[]; width: number }) {
  const theme = useTheme();
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {'  '}
        {fields.map((f, i) => (
          <Text key={f.label}>
            {i > 0 ? <Text color={theme.color('muted')}>{theme.fold(' · ')}</Text> : null}
            <Text color={theme.color('muted')}>{f.label} </Text>
            <Text color={theme.color(f.tone)}>{f.mark ? `${theme.mark(f.mark)} ` : ''}{theme.fold(f.value)}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
