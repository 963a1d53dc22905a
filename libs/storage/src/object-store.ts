import type { Readable } from 'node:stream';

/** What the store knows of a complete object. */
export interface StoredObject {
  key: string;
  sha256: string;
  bytes: number;
  contentType: string;
  metadata: Record<string, string>;
}

export interface PutOptions {
  contentType?: string;
  /** Small string metadata kept with the object (S3 user metadata). */
  metadata?: Record<string, string>;
  /**
   * Called once the body is fully received and hashed, before it becomes
   * visible at `key`. Returning an existing object discards this write and
   * returns that object instead: content-addressed deduplication.
   */
  beforeCommit?: (candidate: StoredObject) => Promise<StoredObject | undefined>;
  /**
   * The object becomes visible complete (its content is always durable first),
   * but its visibility itself may be lost in a machine crash until
   * {@link ObjectStore.sync} has been called with its key. For batches whose
   * objects are only referenced after a later commit (a manifest): one sync
   * before that commit instead of one per object. Stores whose puts are
   * durable on return (S3) ignore it.
   */
  deferSync?: boolean;
}

export type ObjectBody = Buffer | string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * An immutable-object lake. Writes go to a temporary key and become visible at
 * `key` only when complete; the sha256 and size are computed while streaming
 * and kept with the object.
 */
export interface ObjectStore {
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<StoredObject>;
  /** Streaming read; throws PlatformError CHURN_STORAGE_NOT_FOUND if absent. */
  get(key: string): Promise<Readable>;
  getBuffer(key: string): Promise<Buffer>;
  /** Null when absent. */
  head(key: string): Promise<StoredObject | null>;
  /** Every complete object under a prefix, in key order; temporary objects are never listed. */
  list(prefix: string): AsyncIterable<{ key: string; bytes: number }>;
  /**
   * Makes the visibility of these objects (put with `deferSync`, or any
   * object) durable: after it returns they survive a machine crash. Cheap on
   * stores whose puts are durable on return (a no-op on S3).
   */
  sync(keys: Iterable<string>): Promise<void>;
  /** Throws when the store is unreachable (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
