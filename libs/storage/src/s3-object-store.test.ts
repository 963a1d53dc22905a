import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runObjectStoreContract } from './object-store.contract';
import { createS3ObjectStore, type S3ObjectStore } from './s3-object-store';
import type { S3ObjectStoreOptions } from './options';

// Integration test: needs the server from `bash infra/s3/start.sh`; fails (does not skip) without it.
const env = process.env;
const baseOptions: S3ObjectStoreOptions = {
  endpoint: env.S3_ENDPOINT ?? 'http://127.0.0.1:9000',
  region: env.S3_REGION ?? 'us-east-1',
  bucket: env.S3_BUCKET ?? 'churn-lake',
  accessKeyId: env.S3_ACCESS_KEY_ID ?? 'S3RVER',
  secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
  forcePathStyle: true,
};
const MiB = 1024 * 1024;
const runId = `test-storage/${Date.now()}-${Math.random().toString(36).slice(2, 8)}/`;

/** Records the temporary keys and parts this store's client sends, to check they are cleaned up. */
function instrument(store: S3ObjectStore): { tmpKeys: Set<string>; parts: () => number } {
  const tmpKeys = new Set<string>();
  let parts = 0;
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string };
      if (context.commandName === 'UploadPartCommand') parts++;
      if (input.Key?.startsWith('_tmp/')) tmpKeys.add(input.Key);
      return next(args);
    },
    { step: 'initialize', name: 'churnTestRecorder' },
  );
  return { tmpKeys, parts: () => parts };
}

runObjectStoreContract('s3', async () => {
  const store = createS3ObjectStore({ ...baseOptions, partSizeBytes: 5 * MiB, multipartThresholdBytes: 5 * MiB });
  const { tmpKeys, parts } = instrument(store);
  return {
    store,
    prefix: `${runId}contract/`,
    uploadedParts: parts,
    tempLeftovers: async () => {
      const left: string[] = [];
      for (const Key of tmpKeys) {
        const exists = await store.client
          .send(new HeadObjectCommand({ Bucket: store.bucket, Key }))
          .then(() => true, (e: { name?: string }) => (e.name === 'NotFound' ? false : Promise.reject(e)));
        if (exists) left.push(Key);
      }
      return left;
    },
  };
});

describe('S3 object store specifics', () => {
  let store: S3ObjectStore;
  beforeAll(() => {
    store = createS3ObjectStore({ ...baseOptions, listPageSize: 2 });
  });
  afterAll(() => store.close());

  it('pages through ListObjectsV2 continuation tokens in order', async () => {
    // Nested and punctuated names: a server walking its disk unsorted loses keys across pages.
    const keys = ['b/z', 'a/x/1', 'a-b', 'a/y', 'a.c', 'ab', 'a/x/0', 'c'].map((k) => `${runId}paging/${k}`);
    for (const k of keys) await store.put(k, k);
    const listed = [];
    for await (const o of store.list(`${runId}paging/`)) listed.push(o.key);
    expect(listed).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it('writes sha256 and bytes as S3 user metadata on the final key', async () => {
    const put = await store.put(`${runId}meta/x.txt`, 'abc', { metadata: { origin: 'test' } });
    const raw = await store.client.send(new HeadObjectCommand({ Bucket: store.bucket, Key: put.key }));
    expect(raw.Metadata).toEqual({ sha256: put.sha256, bytes: '3', origin: 'test' });
  });

  it('maps bad credentials to ACCESS_DENIED (not retriable)', async () => {
    const bad = createS3ObjectStore({ ...baseOptions, accessKeyId: 'nobody', secretAccessKey: 'wrong' });
    await expect(bad.ping()).rejects.toMatchObject({ code: 'CHURN_STORAGE_ACCESS_DENIED', retriable: false });
    await bad.close();
  });

  it('maps a missing bucket to NO_BUCKET', async () => {
    const other = createS3ObjectStore({ ...baseOptions, bucket: 'churn-no-such-bucket' });
    await expect(other.ping()).rejects.toMatchObject({ code: 'CHURN_STORAGE_NO_BUCKET', retriable: false });
    await other.close();
  });

  it('maps an unreachable endpoint to UNAVAILABLE (retriable)', async () => {
    const down = createS3ObjectStore({ ...baseOptions, endpoint: 'http://127.0.0.1:1' });
    await expect(down.ping()).rejects.toMatchObject({ code: 'CHURN_STORAGE_UNAVAILABLE', retriable: true });
    await expect(down.head('any/key')).rejects.toMatchObject({ code: 'CHURN_STORAGE_UNAVAILABLE' });
    await down.close();
  }, 30_000);
});
