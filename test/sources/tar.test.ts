import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, linkSync, writeFileSync, chmodSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTarGzFile, readTar, readMemberBytes, TarFormatError, type TarEntry } from '../../source/sources/tar-reader.js';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zc-tar-'));
  const long = join(dir, 'src', 'd'.repeat(60), 'e'.repeat(60));
  mkdirSync(long, { recursive: true });
  writeFileSync(join(dir, 'src', 'small.txt'), 'hello\n');
  writeFileSync(join(long, `${'n'.repeat(90)}.jsonl`), 'x'.repeat(70_000));
  writeFileSync(join(dir, 'src', 'café.txt'), 'ünïcode');
  chmodSync(join(dir, 'src', 'small.txt'), 0o640);
  symlinkSync(`${'t'.repeat(120)}.txt`, join(dir, 'src', 'link'));
  linkSync(join(dir, 'src', 'small.txt'), join(dir, 'src', 'hard.txt'));
  return dir;
}

async function list(path: string, withContent = true): Promise<Array<TarEntry & { text?: string }>> {
  const out: Array<TarEntry & { text?: string }> = [];
  for await (const member of readTarGzFile(path)) {
    const { content: _c, ...entry } = member;
    out.push(withContent && member.type === 'file' ? { ...entry, text: (await readMemberBytes(member)).toString('utf8') } : entry);
  }
  return out;
}

for (const format of ['gnu', 'pax', 'ustar'] as const) {
  test(`tar reader lists and reads a real GNU tar archive (--format=${format})`, async () => {
    const dir = tree();
    const archive = join(dir, 'a.tar.gz');
    const args = ['-czf', archive, '-C', dir, `--format=${format}`, 'src'];
    if (format === 'ustar') {
      // ustar cannot store the 120-character link target or the long path; archive what it can.
      execFileSync('tar', ['-czf', archive, '-C', dir, '--format=ustar', 'src/small.txt', 'src/café.txt']);
    } else execFileSync('tar', args);
    const members = await list(archive);
    const verbose = execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(members.length, verbose.length);
    const names = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(members.map((m) => m.name), names);
    const small = members.find((m) => m.name === 'src/small.txt')!;
    assert.deepEqual([small.type, small.size, small.mode & 0o777, small.text], ['file', 6, 0o640, 'hello\n']);
    assert.equal(members.find((m) => m.name === 'src/café.txt')?.text, 'ünïcode');
    if (format !== 'ustar') {
      const big = members.find((m) => m.name.endsWith('.jsonl'))!;
      assert.equal(big.name.length > 100, true);
      assert.equal(big.text, readFileSync(join(dir, big.name), 'utf8'));
      const link = members.find((m) => m.name === 'src/link')!;
      assert.deepEqual([link.type, link.linkname], ['symlink', `${'t'.repeat(120)}.txt`]);
      const hard = members.find((m) => m.type === 'hardlink')!;
      assert.ok(['src/small.txt', 'src/hard.txt'].includes(hard.linkname));
    }
  });
}

test('tar reader skips unread content and still reaches later members', async () => {
  const dir = tree();
  const archive = join(dir, 'a.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', dir, 'src']);
  const names: string[] = [];
  for await (const member of readTarGzFile(archive)) names.push(member.name);
  assert.equal(names.length, (await list(archive, false)).length);
});

test('a flipped header byte is a checksum error, a truncated archive says where it ended', async () => {
  const dir = tree();
  const tarFile = join(dir, 'a.tar');
  execFileSync('tar', ['-cf', tarFile, '-C', dir, 'src']);
  const bytes = readFileSync(tarFile);
  const flipped = Buffer.from(bytes);
  flipped[10] = (flipped[10] ?? 0) ^ 0xff;
  await assert.rejects(async () => {
    for await (const _m of readTar(Readable.from([flipped]))) void _m;
  }, /checksum mismatch/);
  const truncated = join(dir, 't.tar.gz');
  writeFileSync(truncated, gzipSync(bytes.subarray(0, 1024 + 300)));
  await assert.rejects(async () => {
    for await (const m of readTarGzFile(truncated)) await readMemberBytes(m);
  }, (e: unknown) => e instanceof TarFormatError && /archive ends/.test(e.message));
  const cutGzip = join(dir, 'c.tar.gz');
  writeFileSync(cutGzip, gzipSync(bytes).subarray(0, 200));
  await assert.rejects(async () => {
    for await (const m of readTarGzFile(cutGzip)) await readMemberBytes(m);
  });
});
