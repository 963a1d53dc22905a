import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isRetriable } from '@churn/core';
import { readAll, tapBody } from './body';
import { StorageErrorCode, fromAwsError, storageError } from './errors';
import { assertValidKey, assertValidPrefix } from './keys';
import type { ObjectBody, ObjectStore, PutOptions, StoredObject } from './object-store';
import { type S3ObjectStoreOptions, validatePutOptions, validateS3Options } from './options';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const MiB = 1024 * 1024;
/** Single-request CopyObject limit of S3; larger objects would need UploadPartCopy. */
const MAX_COPY_BYTES = 5 * 1024 * MiB;
/** Writes land here first; list() hides it. Give the bucket a lifecycle rule expiring it after a day. */
export const S3_TMP_PREFIX = '_tmp/';

/** The S3 store also exposes its client (for plugins, metrics middleware, tests). */
export interface S3ObjectStore extends ObjectStore {
  readonly client: S3Client;
  readonly bucket: string;
}

function toStored(key: string, r: HeadObjectCommandOutput): StoredObject {
  const { sha256 = '', bytes, ...metadata } = r.Metadata ?? {};
  return {
    key,
    sha256,
    bytes: r.ContentLength ?? Number(bytes ?? 0),
    contentType: r.ContentType ?? DEFAULT_CONTENT_TYPE,
    metadata,
  };
}

/**
 * An {@link ObjectStore} on S3 or an S3-compatible server. A put streams to
 * `_tmp/<uuid>` (multipart above `multipartThresholdBytes`) while hashing, then
 * CopyObject writes the final key with user metadata `sha256` and `bytes`, and
 * the temporary object is deleted: the final key only ever holds a complete,
 * hashed object. `sha256` is '' for objects written by other tools.
 *
 * Limit: objects above 5 GiB fail with CHURN_STORAGE_TOO_LARGE (single CopyObject).
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): S3ObjectStore {
  const opts = validateS3Options(options);
  const bucket = opts.bucket;
  const partSize = opts.partSizeBytes ?? 8 * MiB;
  const threshold = opts.multipartThresholdBytes ?? 8 * MiB;
  const client = new S3Client({
    region: opts.region,
    ...(opts.endpoint === undefined ? {} : { endpoint: opts.endpoint }),
    forcePathStyle: opts.forcePathStyle ?? false,
    ...(opts.accessKeyId && opts.secretAccessKey
      ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
      : {}),
    // Default CRC32 flexible checksums are not understood by most S3-compatible servers;
    // integrity is covered by our own sha256.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  async function uploadTemp(tmpKey: string, chunks: AsyncGenerator<Buffer>, contentType: string): Promise<void> {
    const first: Buffer[] = [];
    let buffered = 0;
    for (;;) {
      if (buffered > threshold) break;
      const next = await chunks.next();
      if (next.done) {
        const body = Buffer.concat(first);
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: tmpKey, Body: body, ContentLength: body.length, ContentType: contentType }));
        return;
      }
      first.push(next.value);
      buffered += next.value.length;
    }
    async function* rest(): AsyncGenerator<Buffer> {
      yield* first;
      yield* chunks;
    }
    const stream = Readable.from(rest(), { objectMode: false });
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: tmpKey, Body: stream, ContentType: contentType },
      partSize,
      queueSize: opts.uploadConcurrency ?? 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } finally {
      stream.destroy();
    }
  }

  async function put(key: string, body: ObjectBody, putOptions?: PutOptions): Promise<StoredObject> {
    assertValidKey(key);
    const po = validatePutOptions(putOptions);
    const contentType = po.contentType ?? DEFAULT_CONTENT_TYPE;
    const tmpKey = `${S3_TMP_PREFIX}${randomUUID()}`;
    const { chunks, digest } = tapBody(body);
    try {
      await uploadTemp(tmpKey, chunks, contentType);
      const stored: StoredObject = { key, sha256: digest.sha256(), bytes: digest.bytes(), contentType, metadata: { ...po.metadata } };
      if (stored.bytes > MAX_COPY_BYTES) {
        throw storageError(StorageErrorCode.TooLarge, `put ${key}: ${stored.bytes} bytes exceeds the 5 GiB single-copy limit`, {
          context: { key, bytes: stored.bytes },
        });
      }
      const existing = await po.beforeCommit?.(stored);
      if (existing) return existing; // the temp object is deleted below
      await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: key,
          CopySource: `${bucket}/${tmpKey}`,
          MetadataDirective: 'REPLACE',
          ContentType: contentType,
          Metadata: { ...stored.metadata, sha256: stored.sha256, bytes: String(stored.bytes) },
        }),
      );
      return stored;
    } catch (err) {
      chunks.return(undefined).catch(() => undefined);
      const cause = digest.sourceError();
      if (cause !== undefined) {
        throw storageError(StorageErrorCode.SourceFailed, `put ${key}: body stream failed, nothing stored`, {
          context: { key },
          cause,
          retriable: isRetriable(cause),
        });
      }
      throw fromAwsError(err, { op: 'put', key, bucket });
    } finally {
      // Best effort: a leftover temp object is invisible to list() and expired by lifecycle.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: tmpKey })).catch(() => undefined);
    }
  }

  async function get(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return r.Body as Readable;
    } catch (err) {
      throw fromAwsError(err, { op: 'get', key, bucket });
    }
  }

  async function head(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    try {
      return toStored(key, await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    } catch (err) {
      const mapped = fromAwsError(err, { op: 'head', key, bucket });
      if (mapped.code === StorageErrorCode.NotFound) return null;
      throw mapped;
    }
  }

  async function* list(prefix: string): AsyncGenerator<{ key: string; bytes: number }> {
    assertValidPrefix(prefix);
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            ...(prefix ? { Prefix: prefix } : {}),
            ...(token ? { ContinuationToken: token } : {}),
            ...(opts.listPageSize ? { MaxKeys: opts.listPageSize } : {}),
          }),
        );
      } catch (err) {
        throw fromAwsError(err, { op: 'list', key: prefix, bucket });
      }
      for (const o of page.Contents ?? []) {
        if (o.Key && !o.Key.startsWith(S3_TMP_PREFIX)) yield { key: o.Key, bytes: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async function ping(): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (err) {
      const mapped = fromAwsError(err, { op: 'ping', bucket });
      if (mapped.code === StorageErrorCode.NotFound) {
        throw storageError(StorageErrorCode.NoBucket, `ping: bucket ${bucket} does not exist`, { context: { bucket }, cause: err });
      }
      throw mapped;
    }
  }

  return {
    client,
    bucket,
    put,
    get,
    getBuffer: async (key) => readAll(await get(key)),
    head,
    list,
    // A put is durable once S3 acknowledged it: deferSync changes nothing, there is nothing to sync.
    sync: async (keys) => {
      for (const key of keys) assertValidKey(key);
    },
    ping,
    close: async () => client.destroy(),
  };
}
