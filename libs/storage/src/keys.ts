import { StorageErrorCode, storageError } from './errors';

/** Top-level names the stores use for their own bookkeeping; never valid in a caller's key. */
const reservedFirstSegments = new Set(['_tmp', '.tmp', '.meta']);
const MAX_KEY_BYTES = 1024;

/**
 * Rejects keys that would not mean the same on every backend: empty segments,
 * `.`/`..`, backslashes, control characters, reserved prefixes. Keeps the fs
 * and S3 stores interchangeable.
 */
export function assertValidKey(key: string): void {
  const fail = (why: string) => {
    throw storageError(StorageErrorCode.InvalidKey, `invalid key ${JSON.stringify(key)}: ${why}`, { context: { key } });
  };
  if (typeof key !== 'string' || key.length === 0) fail('must be a non-empty string');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) fail(`longer than ${MAX_KEY_BYTES} bytes`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(key)) fail('control characters and backslashes are not allowed');
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) fail('empty, "." and ".." segments are not allowed');
  if (reservedFirstSegments.has(segments[0] ?? '')) fail(`prefix "${segments[0]}/" is reserved`);
}

/** Validates a list prefix: like a key, but may be empty or end with `/`. */
export function assertValidPrefix(prefix: string): void {
  if (typeof prefix !== 'string') {
    throw storageError(StorageErrorCode.InvalidKey, 'prefix must be a string', { context: { prefix } });
  }
  if (prefix === '') return;
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (trimmed === '') throw storageError(StorageErrorCode.InvalidKey, 'prefix "/" is not allowed', { context: { prefix } });
  // A prefix like "a/b" may be a partial segment ("a/bc" matches); the reserved check only bites on whole segments.
  assertValidKey(trimmed);
}

/** S3 lists in UTF-8 byte order; the fs store uses the same order so both agree. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
