/**
 * The one base error of the platform. `code` is a stable, prefixed identifier
 * (`CHURN_<AREA>_<WHAT>`), `retriable` tells consumers whether to retry or
 * dead-letter, `context` carries structured facts for logs. All fields are
 * enumerable so pino serialises them under `err`.
 */
export class PlatformError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;
  readonly statusCode: number | undefined;

  constructor(
    code: string,
    message: string,
    options: { retriable?: boolean; context?: Record<string, unknown>; cause?: unknown; statusCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlatformError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
    this.statusCode = options.statusCode;
    Object.defineProperty(this, 'message', { enumerable: true, value: message });
  }
}

/** True when an error says it is worth retrying; unknown errors are retriable (transient until proven otherwise). */
export function isRetriable(err: unknown): boolean {
  if (err instanceof PlatformError) return err.retriable;
  return true;
}

/** Plain-object view of an error, for events and dead-letter records. */
export function describeError(err: unknown): { code: string; message: string; retriable: boolean } {
  if (err instanceof PlatformError) return { code: err.code, message: err.message, retriable: err.retriable };
  if (err instanceof Error) return { code: 'CHURN_UNEXPECTED', message: err.message, retriable: true };
  return { code: 'CHURN_UNEXPECTED', message: String(err), retriable: true };
}
