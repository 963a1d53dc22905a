import { parseRetryAfter } from './backoff';
import { ConnectorErrorCode, connectorError } from './errors';

export interface HttpAttempt {
  source: string;
  url: string;
  headers: Record<string, string>;
  /** The run's signal: aborting it stops the request and is not a source failure. */
  signal: AbortSignal;
  /** Aborts the request when the per-request time is up. */
  timeout: AbortSignal;
  fetch: typeof fetch;
}

async function snippet(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * One GET. Resolves with a 2xx response (body unread); otherwise rejects with
 * a classified PlatformError: 408/429/5xx, network errors and timeouts are
 * retriable; 401/403, 404 and other 4xx are not. `context.status` and
 * `context.retryAfterMs` feed the retry loop.
 */
export async function getOnce(attempt: HttpAttempt): Promise<Response> {
  const { source, url } = attempt;
  let response: Response;
  try {
    response = await attempt.fetch(url, { headers: attempt.headers, signal: AbortSignal.any([attempt.signal, attempt.timeout]) });
  } catch (err) {
    throw classifyFetchError(err, attempt);
  }
  if (response.ok) return response;
  const status = response.status;
  const text = await snippet(response);
  const context = { url, body: text };
  if (status === 401 || status === 403) {
    throw connectorError(ConnectorErrorCode.unauthorized, source, `GET ${url} answered ${status}: check the credentials`, { retriable: false, status, context });
  }
  if (status === 404) {
    throw connectorError(ConnectorErrorCode.notFound, source, `GET ${url} answered 404: not found`, { retriable: false, status, context });
  }
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw connectorError(ConnectorErrorCode.unavailable, source, `GET ${url} answered ${status}`, {
      retriable: true,
      status,
      context: { ...context, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    });
  }
  throw connectorError(ConnectorErrorCode.rejected, source, `GET ${url} answered ${status}: ${text}`, { retriable: false, status, context });
}

/** Maps a failure raised by fetch itself (or by reading a body) to a connector error. */
export function classifyFetchError(err: unknown, attempt: Pick<HttpAttempt, 'source' | 'url' | 'signal' | 'timeout'>): unknown {
  const { source, url } = attempt;
  // The run was aborted: hand the reason up untouched, the retry loop reports the abort.
  if (attempt.signal.aborted) return err;
  if (attempt.timeout.aborted) {
    return connectorError(ConnectorErrorCode.timeout, source, `GET ${url} timed out`, { retriable: true, cause: err, context: { url } });
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err as Error).message;
  return connectorError(ConnectorErrorCode.unavailable, source, `GET ${url} failed: ${detail}`, { retriable: true, cause: err, context: { url } });
}
