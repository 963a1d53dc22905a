/**
 * A read-only, index-addressable collection of records, generated on demand
 * (nothing held whole in memory). Declared here as well as in the generator
 * lib on purpose: the sample sources only rely on this shape.
 */
export interface RecordCollection<T extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  /** Number of addressable indexes (some may be empty, see get). */
  readonly size: number;
  /** The record at index i (0 <= i < size), or undefined when that index holds no record. Pure: same seed + index -> same record. */
  get(index: number): T | undefined;
}

/** A collection over an in-memory array (tests, small fixtures); `undefined` entries are holes. */
export function collectionFromArray<T extends Record<string, unknown>>(
  name: string,
  records: ReadonlyArray<T | undefined>,
): RecordCollection<T> {
  return { name, size: records.length, get: (index) => records[index] };
}
