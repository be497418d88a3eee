// A seeded generator so a demo run (and every test of it) is reproducible from one number.
// mulberry32: tiny, fast, and good enough for picking event types and jittering rates.

export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

export function intBetween(rng: Rng, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}

/**
 * A float with two decimals that is never whole: JSON.stringify writes 3.0 as `3`, which a
 * reader would take for an int and hash differently from the float Zaxy wrote.
 */
export function decimalBetween(rng: Rng, low: number, high: number): number {
  const value = Math.round((low + rng() * (high - low)) * 100) / 100;
  return Number.isInteger(value) ? value + 0.25 : value;
}
