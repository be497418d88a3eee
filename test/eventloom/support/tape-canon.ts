// The hot path's pyCanon of one JSON source on one tape (the JS one, or the WebAssembly engine's).
import { Tape, TapeBail } from '../../../source/eventloom/tape.js';
import { CanonWriter } from '../../../source/eventloom/tape-canon.js';
import type { ScanEngine } from '../../../source/eventloom/wasm/scan-engine.js';

const pairs = new Map<ScanEngine | null, { tape: Tape; writer: CanonWriter }>();

/** One tape and writer per engine, reused: a new JS tape sizes its arrays for the longest line. */
function pair(engine: ScanEngine | null): { tape: Tape; writer: CanonWriter } {
  let found = pairs.get(engine);
  if (!found) pairs.set(engine, (found = { tape: new Tape(engine), writer: new CanonWriter(engine) }));
  return found;
}

/** The canonical text, or null when the tape bails (the caller then uses the tree path). */
export function tapeCanon(source: string, engine: ScanEngine | null): string | null {
  const { tape, writer } = pair(engine);
  const bytes = Buffer.from(source, 'utf8');
  try {
    tape.parse(bytes, 0, bytes.length);
  } catch (error) {
    if (error instanceof TapeBail) return null;
    throw error;
  }
  writer.reset(tape);
  writer.value(0);
  return writer.buf.toString('latin1', 0, writer.pos);
}
