import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { TarScanner, type TarMember } from '../../source/actions/archive/tar-scan.js';
import { inspectArchive, judgeMember } from '../../source/actions/archive/inspect.js';
import { tarBytes } from './support/craft-tar.js';

const exec = promisify(execFile);

const member = (name: string, kind: TarMember['kind'] = 'file', linkname = ''): TarMember => ({ name, kind, typeflag: '0', size: 1, linkname, mode: 0o644 });

test('judgeMember accepts what backup.sh writes and names what it refuses', () => {
  for (const ok of ['.eventloom/', '.eventloom/s.jsonl', './.eventloom/archive/s-1.jsonl', '.eventloom/projections/embedded.kuzu', 'README.md', 'docs/runbook.md', '.env.example', 'AGENTS.md']) {
    assert.equal(judgeMember(member(ok, ok.endsWith('/') ? 'directory' : 'file')), null, ok);
  }
  assert.equal(judgeMember(member('docs/', 'directory')), null);
  const refused: [TarMember, RegExp][] = [
    [member('/etc/passwd'), /absolute path/],
    [member('.eventloom/../../x'), /climbs out/],
    [member('.eventloom/a', 'symlink', '/etc'), /symlink member .eventloom\/a -> \/etc/],
    [member('.eventloom/a', 'hardlink', 'README.md'), /hard link/],
    [member('.eventloom/a', 'block-device'), /device node/],
    [member('.eventloom/a', 'fifo'), /FIFO/],
    [member('secrets/token.txt'), /outside \.eventloom\//],
    [member('docs/other.md'), /outside/],
    [member('.eventloom\u001b[2J'), /control characters/],
  ];
  for (const [m, why] of refused) assert.match(judgeMember(m) ?? '', why);
});

test('TarScanner reads GNU long names and pax paths from real GNU tar output, whatever the chunking', async () => {
  const root = await mkdtemp(join(tmpdir(), 'zc-tar-'));
  const deep = join('.eventloom', 'archive', 'a'.repeat(120));
  await mkdir(join(root, '.eventloom', 'archive'), { recursive: true });
  await writeFile(join(root, deep), 'x'.repeat(1500));
  await writeFile(join(root, '.eventloom', 's.jsonl'), '{}\n');
  for (const format of ['gnu', 'pax']) {
    const file = join(root, `t-${format}.tar.gz`);
    await exec('tar', ['--create', '--gzip', `--format=${format}`, '--file', file, '--directory', root, '.eventloom']);
    const raw = gunzipSync(await readFile(file));
    for (const chunk of [1, 511, 512, 4096]) {
      const names: string[] = [];
      const scanner = new TarScanner((m) => names.push(`${m.kind}:${m.name}`));
      for (let i = 0; i < raw.length; i += chunk) scanner.push(raw.subarray(i, i + chunk));
      scanner.finish();
      assert.ok(names.includes(`file:${deep}`), `${format}/${chunk}: ${names.join(' ')}`);
      assert.ok(names.includes('file:.eventloom/s.jsonl'));
      assert.ok(names.includes('directory:.eventloom/'));
    }
    assert.equal((await inspectArchive(file)).sessionLogs.length, 1);
  }
});

test('TarScanner rejects a truncated archive and a header with a bad checksum', () => {
  const raw = tarBytes([{ name: '.eventloom/s.jsonl', data: 'y'.repeat(2000) }]);
  const truncated = new TarScanner(() => undefined);
  truncated.push(raw.subarray(0, 1024));
  assert.throws(() => truncated.finish(), /ends inside member \.eventloom\/s\.jsonl/);
  const corrupt = Buffer.from(raw);
  corrupt[10] = 0x41;
  assert.throws(() => new TarScanner(() => undefined).push(corrupt), /bad checksum/);
});
