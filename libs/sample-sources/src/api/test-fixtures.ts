import type { RecordCollection } from '../record-collection';
import { collectionFromArray } from '../record-collection';

/** Test-only builders of small collections (not exported from the lib). */
const BASE_MS = Date.parse('2026-01-01T00:00:00Z');

/** `updated_at` jumps around in index order, so a filter is not a prefix or suffix. */
export function updatedAtOf(i: number): string {
  return new Date(BASE_MS + ((i * 7919) % 1000) * 60_000).toISOString().replace('.000Z', 'Z');
}

/** `size` indexes, every `holeEvery`-th empty (0: none). */
export function sparseCollection(name: string, size: number, holeEvery = 7): RecordCollection {
  const records = Array.from({ length: size }, (_, i) =>
    holeEvery > 0 && i % holeEvery === 3 ? undefined : { id: `${name}-${i}`, index: i, updated_at: updatedAtOf(i) },
  );
  return collectionFromArray(name, records);
}

/** The ids `collection` holds, in index order, optionally only those updated after `since`. */
export function expectedIds(collection: RecordCollection, since?: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < collection.size; i++) {
    const r = collection.get(i);
    if (r && (since === undefined || Date.parse(r['updated_at'] as string) > Date.parse(since))) ids.push(r['id'] as string);
  }
  return ids;
}

/** A lazily computed collection that counts its `get` calls. */
export function countingCollection(name: string, size: number): RecordCollection & { calls: number } {
  const c = {
    name,
    size,
    calls: 0,
    get(i: number) {
      c.calls++;
      return { id: `${name}-${i}`, index: i, updated_at: updatedAtOf(i) };
    },
  };
  return c;
}

export const TOKEN = 'test-token';
export const auth = { authorization: `Bearer ${TOKEN}` };

