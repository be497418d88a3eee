import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planLayout, stack } from '../../source/ui/layout.js';
import { layoutColumns, windowStart, type Column } from '../../source/ui/components/table-layout.js';
import type { PaneId } from '../../source/store/view-model.js';

const WANTS: Record<PaneId, number> = { neo4j: 5, metrics: 8, degradations: 4, backups: 6, sessions: 10, action: 3 };
const panesOf = (plan: ReturnType<typeof planLayout>) => plan.columns.flat().map((b) => b.pane);

test('80x24 stacks all six panes and fills exactly the rows between header and footer', () => {
  const plan = planLayout({ columns: 80, rows: 24, focused: 'sessions', zoomed: false, wants: WANTS });
  assert.equal(plan.mode, 'stacked');
  assert.equal(plan.columns.length, 1);
  assert.deepEqual(panesOf(plan).sort(), ['action', 'backups', 'degradations', 'metrics', 'neo4j', 'sessions']);
  assert.ok(plan.columns[0]!.reduce((n, b) => n + b.height, 0) <= 22);
  assert.ok(plan.columns[0]!.every((b) => b.height >= 2 && b.width === 80));
  const heights = plan.columns[0]!.map((b) => b.height);
  assert.equal(plan.columns[0]!.find((b) => b.pane === 'sessions')!.height, Math.max(...heights), 'the focused pane is the tallest');
  assert.ok(plan.columns[0]!.find((b) => b.pane === 'sessions')!.height >= 2 + 5, 'it takes half of the spare lines first');
});

test('wide terminals get a grid: three columns at 200x50, two at 140x40', () => {
  const wide = planLayout({ columns: 200, rows: 50, focused: 'sessions', zoomed: false, wants: WANTS });
  assert.equal(wide.mode, 'grid');
  assert.equal(wide.columns.length, 3);
  assert.equal(wide.columns.reduce((n, c) => n + c[0]!.width, 0) + 2, 200);
  const medium = planLayout({ columns: 140, rows: 40, focused: 'neo4j', zoomed: false, wants: WANTS });
  assert.equal(medium.columns.length, 2);
});

test('below 80x24 one pane shows, with a hint saying why', () => {
  const plan = planLayout({ columns: 60, rows: 20, focused: 'backups', zoomed: false, wants: WANTS });
  assert.equal(plan.mode, 'tiny');
  assert.deepEqual(panesOf(plan), ['backups']);
  assert.match(plan.hint!, /60x20 is below 80x24/);
});

test('zoom gives the focused pane the whole body', () => {
  const plan = planLayout({ columns: 120, rows: 40, focused: 'metrics', zoomed: true, wants: WANTS });
  assert.deepEqual(plan.columns, [[{ pane: 'metrics', width: 120, height: 38 }]]);
});

test('no size, however small or odd, yields a frame taller than the terminal', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 120 }), fc.constantFrom<PaneId>('neo4j', 'sessions', 'action'), fc.boolean(), (columns, rows, focused, zoomed) => {
      const plan = planLayout({ columns, rows, focused, zoomed, wants: WANTS });
      assert.ok(plan.headerHeight + plan.bodyHeight + plan.footerHeight <= Math.max(0, rows));
      for (const column of plan.columns) {
        assert.ok(column.reduce((n, b) => n + b.height, 0) <= plan.bodyHeight);
        assert.ok(column.every((b) => b.width <= columns));
      }
      assert.ok(plan.columns.flat().some((b) => b.pane === focused) || plan.bodyHeight === 0, 'the focused pane is always shown');
    }),
  );
});

test('a stack too short for every pane keeps the focused one', () => {
  const boxes = stack(['sessions', 'neo4j', 'metrics', 'degradations', 'backups', 'action'], 80, 5, 'action', WANTS);
  assert.ok(boxes.some((b) => b.pane === 'action'));
  assert.ok(boxes.reduce((n, b) => n + b.height, 0) <= 5);
});

const COLUMNS: Column[] = [
  { key: 'name', header: 'Name', minWidth: 10, priority: 0 },
  { key: 'age', header: 'Age', width: 6, priority: 0 },
  { key: 'size', header: 'Size', width: 8, priority: 1 },
  { key: 'extra', header: 'Extra', minWidth: 10, priority: 2 },
];

test('columns: the least important go first, flexible ones share the rest', () => {
  const wide = layoutColumns(COLUMNS, 80);
  assert.deepEqual(wide.map((p) => p.column.key), ['name', 'age', 'size', 'extra']);
  assert.equal(wide.reduce((n, p) => n + p.width, 0) + 3, 80);
  assert.deepEqual(layoutColumns(COLUMNS, 30).map((p) => p.column.key), ['name', 'age', 'size']);
  assert.deepEqual(layoutColumns(COLUMNS, 17).map((p) => p.column.key), ['name', 'age']);
  const squeezed = layoutColumns(COLUMNS, 12);
  assert.equal(squeezed.reduce((n, p) => n + p.width, 0) + squeezed.length - 1, 12, 'essential columns shrink to fit');
  assert.deepEqual(layoutColumns(COLUMNS, 0), []);
});

test('the table window keeps the selected row visible', () => {
  assert.equal(windowStart(100, 0, 10), 0);
  assert.equal(windowStart(100, 15, 10), 6);
  assert.equal(windowStart(100, 99, 10), 90);
  assert.equal(windowStart(5, 4, 10), 0);
  assert.equal(windowStart(100, 5, 0), 0);
});
