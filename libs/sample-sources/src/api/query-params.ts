/** Thrown for a request the client got wrong; answered with 400 and the message. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

type Query = Record<string, unknown>;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** Rejects parameters the endpoint does not know (a typo would otherwise silently change the result). */
export function checkKnown(query: Query, known: readonly string[]): void {
  for (const [key, value] of Object.entries(query)) {
    if (!known.includes(key)) throw new BadRequest(`unknown query parameter '${key}'`);
    if (typeof value !== 'string') throw new BadRequest(`query parameter '${key}' must be given once`);
  }
}

/** An integer parameter within [min, max], or `fallback` when absent. */
export function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw new BadRequest(`${name} must be an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new BadRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

/** `updated_since` as epoch milliseconds, plus the text to echo in next links. */
export function sinceParam(query: Query): { ms: number | undefined; text: string | undefined } {
  const raw = query['updated_since'];
  if (raw === undefined) return { ms: undefined, text: undefined };
  // An unencoded '+' of a UTC offset arrives as a space.
  const text = typeof raw === 'string' ? raw.replace(/ (\d{2}(:?\d{2})?)$/, '+$1') : '';
  const ms = ISO_TIMESTAMP.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new BadRequest('updated_since must be an ISO-8601 timestamp');
  return { ms, text };
}

const CURSOR_PREFIX = 'i:';

/** Opaque cursor for a collection index. */
export function encodeCursor(index: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${index}`, 'utf8').toString('base64url');
}

/** The index in a cursor, or 0 when absent. */
export function cursorParam(query: Query, size: number): number {
  const raw = query['cursor'];
  if (raw === undefined) return 0;
  const text = typeof raw === 'string' && /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  const match = /^i:(\d{1,15})$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  if (!(index >= 0 && index <= size)) throw new BadRequest('cursor is not valid');
  return index;
}
