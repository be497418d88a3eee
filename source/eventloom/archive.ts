// Rotated archives (scripts/rotate-logs.sh): <root>/archive/NAME.jsonl with a sha256sum-format
// manifest NAME.sha256 beside it. A mismatch means the archive changed after rotation.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export type ArchiveChecksumStatus = 'ok' | 'mismatch' | 'missing_manifest' | 'bad_manifest';

export interface ArchiveChecksum {
  readonly status: ArchiveChecksumStatus;
  readonly manifest: string;
  readonly expected: string | null;
  readonly actual: string;
  readonly message: string;
}

/**
 * The scripts' naming rule for a manifest: NAME.jsonl (rotate-logs.sh) and NAME.tar.gz
 * (backup.sh) both have NAME.sha256 beside them. Every caller asks here, so the rule is in one place.
 */
export function manifestPathFor(archivePath: string): string {
  return archivePath.replace(/\.(jsonl|tar\.gz)$/, '') + '.sha256';
}

/** `<64 hex>  NAME` or `<64 hex> *NAME` (binary mode); the named file must be this archive. */
export function parseManifest(text: string, archiveName: string): string | null {
  const match = /^([0-9a-fA-F]{64}) [ *](.+?)\r?\n?$/.exec(text.split('\n').find((l) => l.trim() !== '') ?? '');
  if (!match || match[2] !== archiveName) return null;
  return (match[1] as string).toLowerCase();
}

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function checkArchive(archivePath: string, signal?: AbortSignal): Promise<ArchiveChecksum> {
  const manifest = manifestPathFor(archivePath);
  const name = archivePath.slice(archivePath.lastIndexOf('/') + 1);
  const actual = await sha256File(archivePath, signal);
  let text: string;
  try {
    text = await readFile(manifest, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { status: 'missing_manifest', manifest, expected: null, actual, message: `no manifest ${manifest}` };
  }
  const expected = parseManifest(text, name);
  if (expected === null) {
    return { status: 'bad_manifest', manifest, expected: null, actual, message: `${manifest} is not a sha256sum line for ${name}` };
  }
  return expected === actual
    ? { status: 'ok', manifest, expected, actual, message: 'checksum matches its manifest' }
    : { status: 'mismatch', manifest, expected, actual, message: `checksum ${actual} does not match the manifest's ${expected}` };
}
