// Pure decision for the incremental workspace scan: given what we remembered about a log and what
// `stat` says now, verify nothing, only the appended bytes, or the whole file again.
//
// A file that shrank or whose inode changed was rotated or truncated (rotate-logs.sh copies the
// log away and empties it in place; other tools replace it): its chain starts over, and a new
// chain at seq 1 is a rotation, not tampering (eventloom-format §7). A file that changed without
// growing is verified again in full. (The I/O shell also fingerprints the bytes just before the
// verified offset: if they changed while the file grew, the log was emptied and refilled between
// two polls, which is `rewritten`.)

export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface RememberedLog extends FileIdentity {
  /** Offset up to which the chain is verified and good (a line boundary). */
  readonly verifiedOffset: number;
  /** Whether the last verification found a break (then we never resume, we redo). */
  readonly broken: boolean;
}

export type VerifyPlan =
  | { readonly kind: 'cached' }
  | { readonly kind: 'incremental' }
  | { readonly kind: 'full'; readonly restart: ChainRestart | null };

export type ChainRestart = 'truncated' | 'replaced' | 'rewritten';

export function planVerify(previous: RememberedLog | undefined, now: FileIdentity): VerifyPlan {
  if (!previous) return { kind: 'full', restart: null };
  if (previous.dev !== now.dev || previous.ino !== now.ino) return { kind: 'full', restart: 'replaced' };
  if (now.size < previous.size || now.size < previous.verifiedOffset) return { kind: 'full', restart: 'truncated' };
  if (now.size === previous.size && now.mtimeMs === previous.mtimeMs) return { kind: 'cached' };
  // Same length, new mtime: touched or edited in place. Only a full pass can tell which.
  if (now.size === previous.size) return { kind: 'full', restart: null };
  if (previous.broken) return { kind: 'full', restart: null };
  return { kind: 'incremental' };
}
