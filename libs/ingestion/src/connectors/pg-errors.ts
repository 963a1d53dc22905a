import { ConnectorErrorCode, connectorError } from './errors';

// SQLSTATE classes/codes that mean "the server or the link is unwell", not "the query is wrong".
const TRANSIENT_CLASSES = ['08', '53', '58'];
const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);

/**
 * Classifies a pg failure: connection problems, timeouts, shutdowns and
 * serialization conflicts are retriable; bad credentials and SQL errors
 * (syntax, missing table, type mismatch) are not, and name the source.
 */
export function classifyPgError(source: string, err: unknown): Error {
  const e = err as { code?: string; message?: string; position?: string };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = e.message ?? String(err);
  const isSqlState = code !== undefined && /^[0-9A-Z]{5}$/.test(code);
  if (!isSqlState) {
    return connectorError(ConnectorErrorCode.unavailable, source, `database unreachable: ${code ?? message}`, { retriable: true, cause: err, context: { pgCode: code } });
  }
  const context = { sqlState: code };
  if (TRANSIENT_CLASSES.includes(code.slice(0, 2)) || TRANSIENT_CODES.has(code)) {
    return connectorError(ConnectorErrorCode.unavailable, source, `database error ${code}: ${message}`, { retriable: true, cause: err, context });
  }
  if (code.startsWith('28')) {
    return connectorError(ConnectorErrorCode.unauthorized, source, `database refused the credentials (${code}): ${message}`, { retriable: false, cause: err, context });
  }
  if (code === '3D000') {
    return connectorError(ConnectorErrorCode.notFound, source, `database does not exist: ${message}`, { retriable: false, cause: err, context });
  }
  return connectorError(ConnectorErrorCode.queryFailed, source, `query failed (${code}): ${message}`, { retriable: false, cause: err, context });
}
