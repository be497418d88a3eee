// Checking a file against its `sha256sum` manifest (backup.sh, rotate-logs.sh) as a step wants
// it: a ConsoleError naming the file and what to do, never a bare false.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConsoleError, EXIT, fileError } from '../../errors.js';
import { parseManifest, sha256File } from '../../eventloom/index.js';

export function manifestText(sha256: string, fileName: string): string {
  return `${sha256}  ${fileName}\n`;
}

/**
 * Checks `file` against `manifestPath`: the manifest must be a sha256sum line naming this very
 * file (restore.sh checks whatever file the manifest names) with the same digest.
 */
export async function verifyManifest(file: string, manifestPath: string, signal?: AbortSignal): Promise<string> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw fileError(manifestPath, error, 'manifest');
  }
  const name = basename(file);
  const expected = parseManifest(text, name);
  if (expected === null) {
    const named = /^[0-9a-fA-F]{64} [ *](.+)$/m.exec(text)?.[1];
    throw new ConsoleError(
      'MANIFEST_MISMATCH',
      named ? `manifest ${manifestPath} is for ${named}, not ${name}` : `manifest ${manifestPath} is not a sha256sum line`,
      { hint: 'pass the .sha256 written next to this archive', exitCode: EXIT.failure },
    );
  }
  let actual: string;
  try {
    actual = await sha256File(file, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw fileError(file, error, 'file');
  }
  if (actual !== expected) {
    throw new ConsoleError('CHECKSUM_MISMATCH', `checksum of ${name} does not match its manifest (expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…)`, {
      hint: 'the file is corrupted or changed after the manifest was written; use another copy',
      exitCode: EXIT.failure,
    });
  }
  return actual;
}
