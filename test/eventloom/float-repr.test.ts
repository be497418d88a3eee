// Floats in the WebAssembly engine (wasm/float.c): the C writes Python's repr of a float text
// only where it can decide it exactly, else JS does (pyFloatRepr). Checked against CPython on
// doubles of every magnitude the C takes, spelled as repr and as near misses (a last digit off by
// one, 17 digits where 16 do, other layouts, pydantic's spellings), and the C must answer on its
// own for repr texts and for short ones, or the point of it (not calling JS) is lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScanEngine } from '../../source/eventloom/wasm/scan-engine.js';
import { PythonOracle } from './support/python-oracle.js';
import { tapeCanon } from './support/tape-canon.js';
import { zaxyInstall } from '../support/zaxy.js';

let python: PythonOracle;
before(() => {
  python = new PythonOracle(zaxyInstall().python);
});
after(() => python.close());

const engine = loadScanEngine();

/** A small seeded generator (xorshift), so a failure names a reproducible value. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function doubles(count: number): number[] {
  const next = random(20261205);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0: // random bits at magnitudes 1e-30 .. 1e30
        out.push((1 + next()) * 2 ** Math.floor(next() * 200 - 100));
        break;
      case 1: // what arithmetic leaves: 16-17 significant digits near 1
        out.push(next());
        break;
      case 2:
        out.push((Math.floor(next() * 1e6) + 1) / (Math.floor(next() * 997) + 3));
        break;
      default:
        out.push(Math.sqrt(Math.floor(next() * 1e9)) * 10 ** Math.floor(next() * 24 - 12));
    }
    if (next() < 0.3) out[i] = -out[i]!;
  }
  return out;
}

/** Texts near a repr: the last digit moved, a digit added, other precisions and layouts. */
function nearMisses(repr: string, x: number): string[] {
  const e = repr.search(/[eE]/);
  const mantissa = e < 0 ? repr : repr.slice(0, e);
  const exponent = e < 0 ? '' : repr.slice(e);
  const last = Number(mantissa.at(-1));
  const misses = [x.toPrecision(17), x.toPrecision(16), x.toPrecision(6), x.toExponential(4), `${mantissa}1${exponent}`, `${mantissa}0${exponent}`, repr.toUpperCase(), repr.replace('e-', 'e-0')];
  if (last > 0) misses.push(`${mantissa.slice(0, -1)}${last - 1}${exponent}`);
  if (last < 9) misses.push(`${mantissa.slice(0, -1)}${last + 1}${exponent}`);
  return misses.filter((t) => /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(t));
}

test('float texts: the engine writes what CPython writes, and repr texts without asking JS', async () => {
  assert.ok(engine, 'the WebAssembly scan engine loads');
  const values = doubles(6000);
  const reprs = (await python.canon(values.map((x) => String(x)))).map((r) => (r.ok ? r.canon : assert.fail('python read a double')));
  const sixteenPlus = reprs.filter((r) => r.replace(/^-|e.*$/g, '').replace(/^0\.0*/, '').replace('.', '').length >= 16).length;
  assert.ok(sixteenPlus > 3000, `most texts have 16-17 digits (the case float.c is for): ${sixteenPlus}`);

  const before = engine.jsFloatReprs;
  reprs.forEach((repr, i) => assert.equal(tapeCanon(repr, engine), repr, `repr of ${values[i]}`));
  assert.equal(engine.jsFloatReprs - before, 0, 'every repr text of a double in range is copied by the C');

  const misses = reprs.flatMap((repr, i) => nearMisses(repr, values[i]!));
  const want = await python.canon(misses);
  let inC = 0;
  misses.forEach((text, i) => {
    const expected = want[i]!.ok ? (want[i] as { canon: string }).canon : assert.fail(`python refused ${text}`);
    const calls = engine.jsFloatReprs;
    assert.equal(tapeCanon(text, engine), expected, `canon of ${text}`);
    assert.equal(tapeCanon(text, null), expected, `JS tape canon of ${text}`);
    if (engine.jsFloatReprs === calls) inC++;
  });
  // Short spellings and a moved last digit (often the repr of the next double) are the C's; a
  // 17-digit text where 16 do is not.
  assert.ok(inC > misses.length / 2 && inC < misses.length, `near misses the C wrote: ${inC} of ${misses.length}`);
});

test('pydantic\'s spellings of short floats are rewritten by the C as CPython does', async () => {
  assert.ok(engine, 'the WebAssembly scan engine loads');
  const texts = ['10.002600', '0.00001', '0.000025', '1E5', '1.50e+01', '-0.000', '0e0', '-0E-3', '12345678901234.5000', '1e-40', '9.5e+40', '100000000000000000.0', '0.00010'];
  const want = await python.canon(texts);
  const calls = engine.jsFloatReprs;
  texts.forEach((text, i) => {
    const expected = want[i]!.ok ? (want[i] as { canon: string }).canon : assert.fail(`python refused ${text}`);
    assert.equal(tapeCanon(text, engine), expected, `canon of ${text}`);
  });
  assert.equal(engine.jsFloatReprs, calls, 'none of them needed JS');
});

test('float texts on the C\'s boundaries go to JS and still come out as CPython writes them', async () => {
  assert.ok(engine, 'the WebAssembly scan engine loads');
  // Powers of two (a narrower gap below), subnormals, the ends of the range, ties between texts.
  const texts = ['9.313225746154785e-10', '0.5', '1.4210854715202004e-14', '5e-324', '2.2250738585072014e-308', '1.7976931348623157e+308',
    '1e-31', '1.2345678901234567e+31', '9007199254740993.0', '9007199254740992.0', '0.1000000000000000055511151231257827', '1.00000000000000011102230246251565404236316680908203125',
    '123456789012345678', '1234567890123456.8', '1234567890123456.7', '0.30000000000000004', '0.30000000000000005', '2.675', '1e22', '1e23', '8.98846567431158e307'];
  const want = await python.canon(texts);
  texts.forEach((text, i) => {
    const expected = want[i]!.ok ? (want[i] as { canon: string }).canon : assert.fail(`python refused ${text}`);
    assert.equal(tapeCanon(text, engine), expected, `canon of ${text}`);
  });
});
