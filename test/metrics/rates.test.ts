import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterIncrease, perSecond, type CounterSample } from '../../source/metrics/rates.js';

const cases: [string, CounterSample | undefined, CounterSample, number][] = [
  ['grows', { value: 10 }, { value: 15 }, 5],
  ['unchanged', { value: 10 }, { value: 10 }, 0],
  ['reset: the new value is the increase', { value: 10 }, { value: 3 }, 3],
  ['reset to zero', { value: 10 }, { value: 0 }, 0],
  ['series new since the last scrape grew from 0', undefined, { value: 4 }, 4],
  ['recreated series (new _created) counts from 0 even when higher', { value: 2, created: 100 }, { value: 7, created: 160 }, 7],
  ['same _created is a normal delta', { value: 2, created: 100 }, { value: 7, created: 100 }, 5],
  ['NaN value adds nothing', { value: 2 }, { value: NaN }, 0],
];
for (const [name, previous, current, expected] of cases) {
  test(`counterIncrease: ${name}`, () => assert.equal(counterIncrease(previous, current), expected));
}

test('perSecond divides by elapsed seconds and refuses zero time', () => {
  assert.equal(perSecond(10, 2), 5);
  assert.equal(perSecond(10, 0), null);
});
