// Extraction with system GNU tar, only ever after inspectArchive() accepted every member. The
// flags are belt and braces on top of that: no owners, no absolute names, no overwriting links.
import { ConsoleError, EXIT } from '../../errors.js';
import type { StepContext } from '../types.js';

export async function extractArchive(ctx: StepContext, archive: string, into: string): Promise<void> {
  const result = await ctx.exec([
    'tar', '--extract', '--gzip', '--file', archive, '--directory', into,
    '--no-same-owner', '--no-same-permissions', '--no-overwrite-dir', '--delay-directory-restore',
  ]);
  if (ctx.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled during extraction', { exitCode: EXIT.cancelled });
  if (result.exitCode !== 0) {
    throw new ConsoleError('EXTRACT_FAILED', `tar could not extract ${archive}: ${result.stderrTail.at(-1) ?? `exit ${result.exitCode ?? result.signal}`}`, { exitCode: EXIT.failure });
  }
}
