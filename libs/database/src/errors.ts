import { PlatformError } from '@churn/core';

// Node socket errors and SQLSTATE classes that mean "the server is not reachable
// or not accepting work right now", i.e. worth retrying later.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const retriableSqlStates = new Set(['57P01', '57P02', '57P03', '53300', '53400', '40001', '40P01']);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when an error (or one of its causes / aggregated errors) says the database is unreachable. */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  const code = codeOf(err);
  if (code && (networkCodes.has(code) || code.startsWith('08') || retriableSqlStates.has(code))) return true;
  // Prisma's own codes for "can't reach / timed out / closed".
  if (code === 'P1001' || code === 'P1002' || code === 'P1017' || code === 'P2024') return true;
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && /Connection terminated|connect ECONNREFUSED|terminating connection/i.test(message)) {
    return true;
  }
  const nested = [(err as { cause?: unknown }).cause, ...((err as { errors?: unknown[] }).errors ?? [])];
  return nested.some((inner) => isConnectionError(inner, depth + 1));
}

/**
 * Maps connection failures to a retriable CHURN_DB_UNAVAILABLE; PlatformErrors
 * pass through; anything else becomes CHURN_DB_QUERY_FAILED (not retriable).
 */
export function toDatabaseError(err: unknown, action: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (isConnectionError(err)) {
    return new PlatformError('CHURN_DB_UNAVAILABLE', `database unavailable during ${action}: ${message}`, {
      retriable: true,
      cause: err,
      context: { action, code: codeOf(err) },
      statusCode: 503,
    });
  }
  return new PlatformError('CHURN_DB_QUERY_FAILED', `database ${action} failed: ${message}`, {
    retriable: false,
    cause: err,
    context: { action, code: codeOf(err) },
  });
}
