import { PlatformError } from '@churn/core';

/** Stable error codes of `@churn/storage`; `retriable` is set per code below. */
export const StorageErrorCode = {
  /** Options object failed validation (non-retriable). */
  InvalidOptions: 'CHURN_STORAGE_INVALID_OPTIONS',
  /** Key is malformed or reserved, or collides with a directory on fs (non-retriable). */
  InvalidKey: 'CHURN_STORAGE_INVALID_KEY',
  /** Object absent (non-retriable). */
  NotFound: 'CHURN_STORAGE_NOT_FOUND',
  /** Key holds different content than an immutable write expected (non-retriable). */
  Conflict: 'CHURN_STORAGE_CONFLICT',
  /** Bucket or root directory does not exist (non-retriable). */
  NoBucket: 'CHURN_STORAGE_NO_BUCKET',
  /** Credentials refused or permission denied (non-retriable). */
  AccessDenied: 'CHURN_STORAGE_ACCESS_DENIED',
  /** Network failure, 5xx, throttling, disk full or I/O error (retriable). */
  Unavailable: 'CHURN_STORAGE_UNAVAILABLE',
  /** The caller's body stream failed mid-write; nothing was stored (retriable as its cause). */
  SourceFailed: 'CHURN_STORAGE_SOURCE_FAILED',
  /** Object exceeds what this store can handle, e.g. > 5 GiB single CopyObject (non-retriable). */
  TooLarge: 'CHURN_STORAGE_TOO_LARGE',
  /** Request rejected for another reason, e.g. an unexpected 4xx (non-retriable). */
  RequestFailed: 'CHURN_STORAGE_REQUEST_FAILED',
} as const;

export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

const retriableCodes = new Set<string>([StorageErrorCode.Unavailable]);

/** Builds a PlatformError with a storage code; `retriable` defaults from the code. */
export function storageError(
  code: StorageErrorCode,
  message: string,
  options: { context?: Record<string, unknown>; cause?: unknown; retriable?: boolean } = {},
): PlatformError {
  return new PlatformError(code, message, {
    retriable: options.retriable ?? retriableCodes.has(code),
    context: options.context ?? {},
    cause: options.cause,
  });
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
  $retryable?: unknown;
}

const notFoundNames = new Set(['NoSuchKey', 'NotFound', 'NoSuchUpload']);
const deniedNames = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden', 'ExpiredToken']);
const transientNames = new Set([
  'SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'RequestTimeTooSkewed', 'InternalError',
  'ServiceUnavailable', 'TimeoutError', 'AbortError',
]);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Maps an AWS SDK (or socket) error to a storage PlatformError. */
export function fromAwsError(err: unknown, context: Record<string, unknown>): PlatformError {
  if (err instanceof PlatformError) return err;
  const e = (err ?? {}) as AwsLikeError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const what = `${String(context.op ?? 's3')} ${context.key === undefined ? '' : String(context.key)}`.trim();
  const message = `${what}: ${name || 'Error'}${e.message && e.message !== name ? ` ${e.message}` : ''}`;
  const ctx = { ...context, awsName: name, httpStatus: status };
  if (name === 'NoSuchBucket') return storageError(StorageErrorCode.NoBucket, message, { context: ctx, cause: err });
  if (notFoundNames.has(name) || status === 404) return storageError(StorageErrorCode.NotFound, message, { context: ctx, cause: err });
  if (deniedNames.has(name) || status === 403) return storageError(StorageErrorCode.AccessDenied, message, { context: ctx, cause: err });
  if (
    transientNames.has(name) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (e.code !== undefined && networkCodes.has(e.code)) ||
    status === undefined
  ) {
    // No HTTP status means the request never got an answer: network-level, worth retrying.
    return storageError(StorageErrorCode.Unavailable, message, { context: ctx, cause: err });
  }
  return storageError(StorageErrorCode.RequestFailed, message, { context: ctx, cause: err });
}

/** Maps a Node fs error to a storage PlatformError. */
export function fromFsError(err: unknown, context: Record<string, unknown>): PlatformError {
  if (err instanceof PlatformError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = `${String(context.op ?? 'fs')} ${String(context.key ?? '')}: ${(err as Error)?.message ?? String(err)}`;
  const ctx = { ...context, errno: code };
  switch (code) {
    case 'ENOENT':
      return storageError(StorageErrorCode.NotFound, message, { context: ctx, cause: err });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return storageError(StorageErrorCode.AccessDenied, message, { context: ctx, cause: err });
    case 'EISDIR':
    case 'ENOTDIR':
    case 'EEXIST':
    case 'ENOTEMPTY':
    case 'ENAMETOOLONG':
      return storageError(StorageErrorCode.InvalidKey, message, { context: ctx, cause: err });
    default:
      // ENOSPC, EIO, EMFILE, EBUSY...: the disk or the process is in trouble, not the request.
      return storageError(StorageErrorCode.Unavailable, message, { context: ctx, cause: err });
  }
}
