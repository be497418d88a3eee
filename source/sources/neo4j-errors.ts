// Why Neo4j could not be reached, in the few kinds an operator acts on differently: a wrong
// password, a TLS mismatch, nothing listening, a server too slow to answer. The driver wraps
// every connection failure in one ServiceUnavailable error, so the kind comes from its cause text.

export type Neo4jErrorKind = 'auth' | 'tls' | 'refused' | 'timeout' | 'unknown';

export interface Neo4jFailure {
  readonly kind: Neo4jErrorKind;
  /** The server's or driver's own words, trimmed to the first line. */
  readonly message: string;
  /** The Neo4j status code when there is one (e.g. Neo.ClientError.Security.Unauthorized). */
  readonly code: string | null;
}

/** Thrown by the collector when the server cannot be queried at all; the poller shows it as down. */
export class Neo4jUnreachableError extends Error {
  readonly kind: Neo4jErrorKind;
  readonly code: string | null;

  constructor(failure: Neo4jFailure) {
    super(`Neo4j ${KIND_LABEL[failure.kind]}: ${failure.message}`);
    this.name = 'Neo4jUnreachableError';
    this.kind = failure.kind;
    this.code = failure.code;
  }
}

/** Our own per-query deadline; the driver's `signal` can leave promises unsettled. */
export class Neo4jQueryTimeoutError extends Error {
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`${what} did not answer within ${(timeoutMs / 1000).toFixed(1)}s`);
    this.name = 'Neo4jQueryTimeoutError';
  }
}

const KIND_LABEL: Record<Neo4jErrorKind, string> = {
  auth: 'authentication failed',
  tls: 'TLS handshake failed',
  refused: 'connection refused',
  timeout: 'timed out',
  unknown: 'unavailable',
};

const DRIVER_PREAMBLE = /^Failed to connect to server\.[^]*?Caused by: /;

export function classifyNeo4jError(error: unknown): Neo4jFailure {
  if (error instanceof Neo4jUnreachableError) return { kind: error.kind, code: error.code, message: stripLabel(error.message) };
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const message = firstLine(raw.replace(DRIVER_PREAMBLE, ''));
  return { kind: kindOf(error, code, raw), message, code };
}

function kindOf(error: unknown, code: string | null, raw: string): Neo4jErrorKind {
  if (error instanceof Neo4jQueryTimeoutError) return 'timeout';
  if (code !== null && /^Neo\.ClientError\.Security\.(Unauthorized|AuthenticationRateLimit|CredentialsExpired|TokenExpired)/.test(code)) {
    return 'auth';
  }
  if (/\b(TLS|SSL)\b|certificate|self[- ]signed|ERR_SSL_|EPROTO/i.test(raw)) return 'tls';
  if (/ECONNREFUSED|connection refused/i.test(raw)) return 'refused';
  if (/ETIMEDOUT|timed out|timeout/i.test(raw)) return 'timeout';
  return 'unknown';
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : null;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

function stripLabel(message: string): string {
  const at = message.indexOf(': ');
  return at === -1 ? message : message.slice(at + 2);
}

/**
 * Errors that mean "this server cannot be queried", as opposed to one query failing. A query that
 * misses its deadline is the latter: one slow projection query must not mark Neo4j down.
 */
export function isConnectivityFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') return true;
  return classifyNeo4jError(error).kind === 'auth';
}

/** One line for the poller's de-duplicated error list. */
export function describeNeo4jError(error: unknown): string {
  if (error instanceof Neo4jUnreachableError) return error.message;
  const failure = classifyNeo4jError(error);
  return failure.kind === 'unknown' ? failure.message : `Neo4j ${KIND_LABEL[failure.kind]}: ${failure.message}`;
}
