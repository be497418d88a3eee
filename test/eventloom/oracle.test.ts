// Oracle tests: thousands of generated JSON sources, canonicalised by our code and by the real
// references — CPython's json for pyCanon (both the tree path and the hot tape path), and the
// Eventloom runtime's JSON.parse + localeCompare + Object.fromEntries + JSON.stringify for jsCanon.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsCanon, parseJson, pyCanon } from '../../source/eventloom/index.js';
import { loadScanEngine } from '../../source/eventloom/wasm/scan-engine.js';
import { jsonSource, mutatedJsonSource } from './support/json-source.js';
import { PythonOracle, type PyResult } from './support/python-oracle.js';
import { tapeCanon } from './support/tape-canon.js';
import { zaxyInstall } from '../support/zaxy.js';

let python: PythonOracle;
before(() => {
  // The CPython that setup-zaxy.sh installs (CI has it); a missing install fails the test.
  python = new PythonOracle(zaxyInstall().python);
});
after(() => python.close());

function ours(source: string): PyResult {
  try {
    return { ok: true, canon: pyCanon(parseJson(source)) };
  } catch (error) {
    return { ok: false, error: (error as Error).name };
  }
}

const engine = loadScanEngine();

/** The JS tape and the WebAssembly one (wasm/*.c): they must bail on the same sources and write the same bytes. */
function oursTape(source: string): string | null {
  assert.ok(engine, 'the WebAssembly scan engine loads');
  const js = tapeCanon(source, null);
  assert.equal(tapeCanon(source, engine), js, `the WebAssembly and JS tapes differ for ${JSON.stringify(source)}`);
  return js;
}

async function comparePy(sources: string[]): Promise<void> {
  const expected = await python.canon(sources);
  sources.forEach((source, i) => {
    const want = expected[i]!;
    const got = ours(source);
    assert.equal(got.ok, want.ok, `accept/reject differs for ${JSON.stringify(source)}: python ${JSON.stringify(want)}`);
    const tapeReadable = !/\p{Cs}/u.test(source) && !source.startsWith('\ufeff');
    const tape = tapeReadable ? oursTape(source.trim()) : null;
    if (!want.ok || !got.ok) return;
    assert.equal(got.canon, want.canon, `pyCanon differs for ${JSON.stringify(source)}`);
    if (tape !== null) assert.equal(tape, want.canon, `tape pyCanon differs for ${JSON.stringify(source)}`);
  });
}

test('pyCanon equals CPython json.dumps(sort_keys, compact) on 4000 generated documents', async () => {
  const sources = fc.sample(jsonSource, { numRuns: 4000, seed: Number(process.env.ORACLE_SEED ?? 20261128) });
  await comparePy(sources);
});

test('the parser accepts and rejects exactly what CPython json.loads does (2000 mutated documents)', async () => {
  const sources = fc.sample(mutatedJsonSource, { numRuns: 2000, seed: 7 });
  await comparePy(sources);
});

test('property: pyCanon is a fixed point (canonical text re-canonicalises to itself)', async () => {
  await fc.assert(
    fc.asyncProperty(jsonSource, async (source) => {
      const once = pyCanon(parseJson(source));
      assert.equal(pyCanon(parseJson(once)), once);
      const [py] = await python.canon([once]);
      assert.deepEqual(py, { ok: true, canon: once });
    }),
    { numRuns: 300 },
  );
});

// The reference jsCanon, written the simplest way, exactly as Eventloom's runtime does it.
function referenceJsCanon(source: string): string {
  const rebuild = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rebuild);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, rebuild(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(rebuild(JSON.parse(source)));
}

test('jsCanon equals JSON.stringify(localeCompare-sorted Object.fromEntries) on 4000 documents', () => {
  const sources = fc.sample(jsonSource, { numRuns: 4000, seed: 99 });
  let compared = 0;
  for (const source of sources) {
    let reference: string;
    try {
      reference = referenceJsCanon(source);
    } catch {
      // JSON.parse refuses Python's NaN/Infinity tokens, even under an overwritten duplicate key.
      const info = { pythonOnly: false };
      parseJson(source, info);
      assert.ok(info.pythonOnly, `JSON.parse refused a document our parser calls strict: ${source}`);
      continue;
    }
    assert.equal(jsCanon(parseJson(source)), reference, `jsCanon differs for ${JSON.stringify(source)}`);
    compared++;
  }
  assert.ok(compared > 1000, `only ${compared} documents were strict JSON`);
});
