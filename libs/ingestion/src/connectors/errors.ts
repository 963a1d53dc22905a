import { PlatformError } from '@churn/core';

/** Codes of the errors connectors throw. */
export const ConnectorErrorCode = {
  /** The file, URL or endpoint does not exist (404, no such file or key). */
  notFound: 'CHURN_INGESTION_SOURCE_NOT_FOUND',
  /** 401/403: the credentials are wrong or missing. */
  unauthorized: 'CHURN_INGESTION_SOURCE_UNAUTHORIZED',
  /** Another 4xx: the source refuses the request as made (bad parameter, config mismatch). */
  rejected: 'CHURN_INGESTION_SOURCE_REJECTED',
  /** Network error, 5xx, 408, 429, connection refused or dropped. */
  unavailable: 'CHURN_INGESTION_SOURCE_UNAVAILABLE',
  /** The per-request timeout elapsed. */
  timeout: 'CHURN_INGESTION_SOURCE_TIMEOUT',
  /** 2xx but not usable: wrong content type or JSON cut short (retriable) or of the wrong shape (not). */
  badResponse: 'CHURN_INGESTION_SOURCE_BAD_RESPONSE',
  /** The circuit breaker is open: the source failed repeatedly and is not tried until it resets. */
  circuitOpen: 'CHURN_INGESTION_CIRCUIT_OPEN',
  /** The SQL of a Postgres source failed (syntax, missing table, type mismatch). */
  queryFailed: 'CHURN_INGESTION_SOURCE_QUERY_FAILED',
  /** An environment variable naming a secret (token, database URL) is not set. */
  missingSecret: 'CHURN_INGESTION_MISSING_SECRET',
  /** The connector lacks what the source needs (an S3 client for s3:// locations). */
  misconfigured: 'CHURN_INGESTION_CONNECTOR_MISCONFIGURED',
  /** The run's signal was aborted (shutdown); the work is not done and may be redone. */
  aborted: 'CHURN_INGESTION_ABORTED',
} as const;

export type ConnectorErrorCodeValue = (typeof ConnectorErrorCode)[keyof typeof ConnectorErrorCode];

/** Builds a connector error; `context.source` names the source in every one. */
export function connectorError(
  code: ConnectorErrorCodeValue,
  source: string,
  message: string,
  options: { retriable: boolean; context?: Record<string, unknown>; cause?: unknown; status?: number },
): PlatformError {
  return new PlatformError(code, `source ${source}: ${message}`, {
    retriable: options.retriable,
    cause: options.cause,
    context: { source, ...(options.status === undefined ? {} : { status: options.status }), ...options.context },
  });
}

/** Reads a secret from the env passed in; a missing one names the variable and the source. */
export function requireSecret(env: Record<string, string | undefined>, variable: string, source: string): string {
  const value = env[variable];
  if (value === undefined || value === '') {
    throw connectorError(ConnectorErrorCode.missingSecret, source, `environment variable ${variable} is not set`, {
      retriable: false,
      context: { variable },
    });
  }
  return value;
}

/** The status an error carries in its context, if it came from an HTTP response. */
export function statusOf(err: unknown): number | undefined {
  const status = err instanceof PlatformError ? err.context.status : undefined;
  return typeof status === 'number' ? status : undefined;
}
