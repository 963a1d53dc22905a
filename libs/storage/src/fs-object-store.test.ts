import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlatformError, sha256Hex } from '@churn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from './fs-object-store';
import { runObjectStoreContract } from './object-store.contract';

async function tempRoot(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'churn-fs-store-'));
}

runObjectStoreContract('fs', async () => {
  const rootDir = await tempRoot();
  const store = createFsObjectStore({ rootDir });
  return {
    store,
    prefix: `run-${Date.now()}/`,
    tempLeftovers: async () => readdir(path.join(rootDir, '.tmp')).catch(() => []),
    teardown: () => rm(rootDir, { recursive: true, force: true }),
  };
});

describe('fs object store specifics', () => {
  let rootDir: string;
  beforeAll(async () => {
    rootDir = await tempRoot();
  });
  afterAll(() => rm(rootDir, { recursive: true, force: true }));

  it('stores the object as a plain file at its key and hides its bookkeeping from list()', async () => {
    const store = createFsObjectStore({ rootDir });
    await store.put('raw/2024/a.csv', 'x,y\n');
    expect(await readdir(path.join(rootDir, 'raw', '2024'))).toEqual(['a.csv']);
    const all = [];
    for await (const o of store.list('')) all.push(o.key);
    expect(all).toEqual(['raw/2024/a.csv']);
  });

  it('rehashes the data file when its sidecar is lost', async () => {
    const store = createFsObjectStore({ rootDir });
    await store.put('lost/meta.txt', 'payload', { metadata: { a: 'b' } });
    await unlink(path.join(rootDir, '.meta', 'lost', 'meta.txt.json'));
    expect(await store.head('lost/meta.txt')).toEqual({
      key: 'lost/meta.txt',
      sha256: sha256Hex('payload'),
      bytes: 7,
      contentType: 'application/octet-stream',
      metadata: {},
    });
  });

  it('refuses a key that collides with an existing directory or file', async () => {
    const store = createFsObjectStore({ rootDir });
    await store.put('coll/a/b', '1');
    await expect(store.put('coll/a', '2')).rejects.toMatchObject({ code: 'CHURN_STORAGE_INVALID_KEY' });
    await expect(store.put('coll/a/b/c', '3')).rejects.toMatchObject({ code: 'CHURN_STORAGE_INVALID_KEY' });
    expect(await store.head('coll/a')).toBeNull();
    expect((await store.getBuffer('coll/a/b')).toString()).toBe('1');
  });

  it('ping fails when the root cannot be a directory', async () => {
    const file = path.join(rootDir, 'not-a-dir');
    await writeFile(file, 'x');
    const store = createFsObjectStore({ rootDir: file });
    const err = await store.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toMatch(/^CHURN_STORAGE_/);
  });
});
