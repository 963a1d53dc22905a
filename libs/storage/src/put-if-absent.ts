import { digestBody } from './body';
import { StorageErrorCode, storageError } from './errors';
import type { ObjectBody, ObjectStore, PutOptions, StoredObject } from './object-store';

/**
 * Immutable, idempotent write: stores `body` at `key` unless the key already
 * holds an object. If it does and the content hash matches, the existing object
 * is returned (a redelivered event writes nothing new); if the content differs,
 * throws CHURN_STORAGE_CONFLICT. Metadata and content type are not compared.
 *
 * Not a compare-and-swap: two concurrent writers of different content to one
 * key can both pass the check. Stages avoid that by owning their keys.
 *
 * @example
 * const obj = await putIfAbsent(store, `raw/${batchId}.csv`, csv, { contentType: 'text/csv' });
 */
export async function putIfAbsent(
  store: ObjectStore,
  key: string,
  body: ObjectBody,
  options?: PutOptions,
): Promise<StoredObject> {
  const existing = await store.head(key);
  if (existing === null) return store.put(key, body, options);
  const { sha256, bytes } = await digestBody(body);
  if (existing.sha256 === sha256) return existing;
  throw storageError(StorageErrorCode.Conflict, `${key} already exists with different content`, {
    context: { key, existingSha256: existing.sha256, existingBytes: existing.bytes, sha256, bytes },
  });
}
