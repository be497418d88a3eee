import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { apportion } from '../../source/ui/apportion.js';
import { planLayout, splitHeight, stack, type Band } from '../../source/ui/layout.js';
import { ESSENTIAL_CLAIM, layoutColumns, textWidth, windowStart, type Column, type PlacedColumn } from '../../source/ui/components/table-layout.js';
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

test('wide terminals get a grid: two wide columns at 200x50 and 120x35, three only at 300 columns', () => {
  const wide = planLayout({ columns: 200, rows: 50, focused: 'sessions', zoomed: false, wants: WANTS });
  assert.equal(wide.mode, 'grid');
  assert.equal(wide.columns.length, 2);
  assert.equal(wide.columns.reduce((n, c) => n + c[0]!.width, 0) + 1, 200);
  assert.deepEqual(wide.columns.map((c) => c.map((b) => b.pane)), [['sessions', 'backups', 'degradations'], ['metrics', 'neo4j', 'action']]);
  assert.equal(planLayout({ columns: 120, rows: 35, focused: 'neo4j', zoomed: false, wants: WANTS }).columns.length, 2);
  assert.equal(planLayout({ columns: 119, rows: 35, focused: 'neo4j', zoomed: false, wants: WANTS }).mode, 'stacked');
  assert.equal(planLayout({ columns: 300, rows: 60, focused: 'neo4j', zoomed: false, wants: WANTS }).columns.length, 3);
});

test('200x50: the grid fills the body, its rows line up across columns, and the lists take the spare lines', () => {
  const plan = planLayout({ columns: 200, rows: 50, focused: 'sessions', zoomed: false, wants: WANTS });
  const heights = plan.columns.map((c) => c.map((b) => b.height));
  assert.deepEqual(heights[0], heights[1], 'row boundaries are the same in every column');
  assert.equal(heights[0]!.reduce((a, b) => a + b, 0), plan.bodyHeight, 'no blank block below the panes');
  for (const box of plan.columns.flat()) assert.ok(box.height >= WANTS[box.pane], `${box.pane} gets what it wants`);
  // Rows: [sessions 10 | metrics 8], [backups 6 | neo4j 5], [degradations 4 | action 3]; 48 - 20 lines
  // spare, shared 2 : 2 : 3 by what the rows' lists can grow into.
  assert.deepEqual(heights[0], [18, 14, 16]);
});

test('bands: wants first, then spare lines by grow weight; nothing spare for panes that cannot use it', () => {
  const band = (want: number, grow: number, focused = false): Band => ({ want, grow, focused });
  assert.deepEqual(splitHeight([band(5, 1), band(5, 3)], 30), [10, 20]);
  assert.deepEqual(splitHeight([band(5, 0), band(5, 0)], 30), [5, 5], 'no grower: the rest stays blank at the end');
  assert.deepEqual(splitHeight([band(5, 0), band(5, 1)], 30), [5, 25]);
  assert.deepEqual(splitHeight([band(20, 1), band(20, 1, true)], 24), [7, 17], 'short of lines: the focused band is served first');
  assert.deepEqual(splitHeight([band(9, 1), band(9, 1), band(9, 1, true)], 3), [0, 0, 3], 'too short: only the focused band shows');
  assert.deepEqual(splitHeight([band(9, 1)], 1), [1]);
  assert.deepEqual(splitHeight([], 10), []);
});

test('apportion: whole shares in proportion that add up exactly, remainders to the largest fractions', () => {
  assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
  assert.deepEqual(apportion(7, [2, 0, 5]), [2, 0, 5]);
  assert.deepEqual(apportion(5, [0, 0]), [0, 0]);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 500 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }), (amount, weights) => {
      const shares = apportion(amount, weights);
      const total = weights.reduce((a, b) => a + b, 0);
      assert.equal(shares.reduce((a, b) => a + b, 0), total > 0 ? amount : 0);
      shares.forEach((s, i) => assert.ok(Math.abs(s - (total > 0 ? (amount * weights[i]!) / total : 0)) < 1));
    }),
  );
});

test('bands never take more lines than there are, and use them all when something grows', () => {
  const bands = fc.array(fc.record({ want: fc.integer({ min: 0, max: 60 }), grow: fc.integer({ min: 0, max: 3 }), focused: fc.boolean() }), { maxLength: 6 });
  fc.assert(
    fc.property(bands, fc.integer({ min: 0, max: 120 }), (list, height) => {
      const split = splitHeight(list, height);
      const used = split.reduce((a, b) => a + b, 0);
      assert.equal(split.length, list.length);
      assert.ok(used <= height);
      assert.ok(split.every((h) => h === 0 || h >= Math.min(2, height)));
      const wanted = list.reduce((n, b) => n + Math.max(2, b.want), 0);
      if (wanted <= height && list.some((b) => b.grow > 0)) assert.equal(used, height);
    }),
  );
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
      assert.ok(plan.columns.reduce((n, c) => n + (c[0]?.width ?? 0), 0) + Math.max(0, plan.columns.length - 1) <= Math.max(0, columns));
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

test('columns: the least important go first, flexible ones start at their minimum', () => {
  const wide = layoutColumns(COLUMNS, 80);
  assert.deepEqual(wide.map((p) => p.column.key), ['name', 'age', 'size', 'extra']);
  assert.deepEqual(wide.map((p) => p.width), [10, 6, 8, 10], 'with no content to show, flexible columns keep their minimum');
  assert.deepEqual(layoutColumns(COLUMNS, 30).map((p) => p.column.key), ['name', 'age', 'size']);
  assert.deepEqual(layoutColumns(COLUMNS, 17).map((p) => p.column.key), ['name', 'age']);
  const squeezed = layoutColumns(COLUMNS, 12);
  assert.equal(squeezed.reduce((n, p) => n + p.width, 0) + squeezed.length - 1, 12, 'essential columns shrink to fit');
  assert.deepEqual(layoutColumns(COLUMNS, 0), []);
});

const keys = (placed: readonly PlacedColumn[]) => placed.map((p) => p.column.key);
const widthOf = (placed: readonly PlacedColumn[], key: string) => placed.find((p) => p.column.key === key)?.width;

test('columns: flexible ones grow to their content before anything is truncated, essential ones first', () => {
  const content = { name: 35, extra: 20 };
  const wide = layoutColumns(COLUMNS, 120, content);
  assert.equal(widthOf(wide, 'name'), 35);
  assert.equal(widthOf(wide, 'extra'), 20);
  assert.equal(wide.reduce((n, p) => n + p.width, 0) + 3, 72, 'width nobody needs stays blank at the right');
  // 35 + 6 + 8 + 10 and gaps = 62: the optional column goes before the name is cut to its minimum.
  const narrow = layoutColumns(COLUMNS, 60, content);
  assert.deepEqual(keys(narrow), ['name', 'age', 'size']);
  assert.equal(widthOf(narrow, 'name'), 35);
  // Without the room, the essential name still comes first.
  assert.deepEqual(keys(layoutColumns(COLUMNS, 45, content)), ['name', 'age']);
});

test('columns: a pathological name claims at most ESSENTIAL_CLAIM before optional columns, then the rest', () => {
  const placed = layoutColumns(COLUMNS, 80, { name: 500 });
  assert.deepEqual(keys(placed), ['name', 'age', 'size', 'extra']);
  assert.equal(widthOf(placed, 'extra'), 10);
  assert.ok(widthOf(placed, 'name')! > ESSENTIAL_CLAIM, 'and it takes whatever is left over');
});

test('columns: two flexible columns short of room each get the same share of what they lack', () => {
  const cols: Column[] = [
    { key: 'a', header: 'A', minWidth: 10, priority: 0 },
    { key: 'b', header: 'B', minWidth: 10, priority: 0 },
  ];
  const placed = layoutColumns(cols, 41, { a: 20, b: 50 });
  // 20 spare for the 40 they lack up to their claims (b claims ESSENTIAL_CLAIM, not all 50): each gets half.
  assert.deepEqual(placed.map((p) => p.width), [15, 25]);
});

test('columns: a name longer than its claim does not cut a short essential column (the Chain of a rotated session)', () => {
  const cols: Column[] = [
    { key: 'session', header: 'Session', minWidth: 16, priority: 0 },
    { key: 'chain', header: 'Chain', minWidth: 8, priority: 0 },
    { key: 'type', header: 'Latest type', minWidth: 12, priority: 3 },
  ];
  // A skipped path as the longest "session": shared in proportion to shortfall, Chain got 14 of 16.
  const placed = layoutColumns(cols, 80, { session: 60, chain: textWidth('✓ OK (new chain)') });
  assert.equal(widthOf(placed, 'chain'), 16);
  assert.ok(widthOf(placed, 'session')! >= ESSENTIAL_CLAIM, 'the name still gets its claim');
});

test('columns: a filling column (a sparkline) takes the width nobody else needs', () => {
  const cols: Column[] = [
    { key: 'label', header: 'Series', minWidth: 14, priority: 0 },
    { key: 'trend', header: 'Trend', minWidth: 8, priority: 1, fill: true },
    { key: 'target', header: 'Target', width: 12, priority: 0 },
  ];
  const placed = layoutColumns(cols, 97, { label: 16 });
  assert.deepEqual(placed.map((p) => p.width), [16, 67, 12]);
});

test('columns: never wider than the table, essentials never dropped while their minimums fit, nothing cut while everything fits', () => {
  const column = fc.record({
    width: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    minWidth: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    priority: fc.integer({ min: 0, max: 4 }),
    fill: fc.boolean(),
    content: fc.integer({ min: 0, max: 80 }),
  });
  fc.assert(
    fc.property(fc.array(column, { maxLength: 8 }), fc.integer({ min: 0, max: 250 }), (specs, width) => {
      const cols: Column[] = specs.map((s, i) => ({ key: `c${i}`, header: `C${i}`, priority: s.priority, fill: s.fill, ...(s.width !== undefined ? { width: s.width } : {}), ...(s.minWidth !== undefined ? { minWidth: s.minWidth } : {}) }));
      const content = Object.fromEntries(specs.map((s, i) => [`c${i}`, s.content]));
      const placed = layoutColumns(cols, width, content);
      assert.ok(placed.reduce((n, p) => n + p.width, 0) + Math.max(0, placed.length - 1) <= width);
      const minimum = (c: Column) => c.width ?? c.minWidth ?? 1;
      const essentials = cols.filter((c) => c.priority === 0);
      if (essentials.reduce((n, c) => n + minimum(c), 0) + essentials.length - 1 <= width) {
        for (const c of essentials) assert.ok(placed.some((p) => p.column === c), `${c.key} kept`);
      }
      const natural = (c: Column) => c.width ?? Math.max(minimum(c), content[c.key]!);
      if (cols.reduce((n, c) => n + natural(c), 0) + cols.length - 1 <= width) {
        assert.equal(placed.length, cols.length);
        for (const p of placed) assert.ok(p.width >= natural(p.column), `${p.column.key} not truncated`);
      }
    }),
  );
});

test('text width: wide characters count two cells, combining marks none', () => {
  assert.equal(textWidth('claude-code-default'), 19);
  assert.equal(textWidth('✓ OK'), 4);
  assert.equal(textWidth('日本語'), 6);
  assert.equal(textWidth('e\u0301'), 1);
  assert.equal(textWidth('🔥x'), 3);
});

test('the table window keeps the selected row visible', () => {
  assert.equal(windowStart(100, 0, 10), 0);
  assert.equal(windowStart(100, 15, 10), 6);
  assert.equal(windowStart(100, 99, 10), 90);
  assert.equal(windowStart(5, 4, 10), 0);
  assert.equal(windowStart(100, 5, 0), 0);
});
