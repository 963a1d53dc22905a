/**
 * The one behavioural contract of {@link ObjectStore}, run by every
 * implementation's test file. Not part of the public API (not re-exported).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PlatformError, sha256Hex } from '@churn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from './object-store';
import { putIfAbsent } from './put-if-absent';

export interface ContractContext {
  store: ObjectStore;
  /** Unique per run, ends with `/`; every key the suite writes starts with it. */
  prefix: string;
  /** Temporary objects/files of this store that still exist (must be none after any put). */
  tempLeftovers(): Promise<string[]>;
  /** Multipart parts uploaded so far, when the backend has such a thing. */
  uploadedParts?(): number;
  teardown?(): Promise<void>;
}

const MiB = 1024 * 1024;

async function expectCode(promise: Promise<unknown>, code: string): Promise<PlatformError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected rejection with ${code}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  expect((err as PlatformError).code).toBe(code);
  return err as PlatformError;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function hashStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** Deterministic pseudo-random bytes generated on the fly, never held whole in memory. */
function generated(totalBytes: number, chunkBytes = 256 * 1024): { stream: () => Readable; sha256: string } {
  const chunkAt = (i: number, n: number) => {
    const b = Buffer.alloc(n);
    for (let j = 0; j < n; j += 4) b.writeUInt32LE(((i + 1) * 2654435761 + j * 40503) >>> 0, j);
    return b;
  };
  const h = createHash('sha256');
  for (let i = 0, left = totalBytes; left > 0; i++, left -= chunkBytes) h.update(chunkAt(i, Math.min(chunkBytes, left)));
  return {
    sha256: h.digest('hex'),
    stream: () =>
      Readable.from(
        (function* () {
          for (let i = 0, left = totalBytes; left > 0; i++, left -= chunkBytes) yield chunkAt(i, Math.min(chunkBytes, left));
        })(),
      ),
  };
}

/** A stream that yields `goodBytes` and then fails. */
function failingAfter(goodBytes: number): Readable {
  return Readable.from(
    (async function* () {
      for (let sent = 0; sent < goodBytes; sent += MiB) yield Buffer.alloc(Math.min(MiB, goodBytes - sent), 7);
      throw new Error('source exploded');
    })(),
  );
}

/** Runs the ObjectStore contract against the store that `setup` builds. */
export function runObjectStoreContract(name: string, setup: () => Promise<ContractContext>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let ctx: ContractContext;
    let store: ObjectStore;
    let p: string;

    beforeAll(async () => {
      ctx = await setup();
      store = ctx.store;
      p = ctx.prefix;
    });
    afterAll(async () => {
      await ctx?.teardown?.();
      await ctx?.store.close();
    });

    it('is reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it.each([
      ['a string', () => 'héllo, lake', Buffer.from('héllo, lake')],
      ['a Buffer', () => Buffer.from([0, 1, 2, 255]), Buffer.from([0, 1, 2, 255])],
      ['a Uint8Array', () => new Uint8Array([9, 8, 7]), Buffer.from([9, 8, 7])],
      ['a Readable', () => Readable.from([Buffer.from('ab'), Buffer.from('cd')]), Buffer.from('abcd')],
      ['an async iterable', () => (async function* () { yield new Uint8Array([1]); yield new Uint8Array([2, 3]); })(), Buffer.from([1, 2, 3])],
      ['an empty string', () => '', Buffer.alloc(0)],
    ])('round-trips %s with its sha256 and size', async (kind, body, expected) => {
      const key = `${p}roundtrip/${kind.replace(/\s/g, '-')}.bin`;
      const put = await store.put(key, body());
      expect(put).toEqual({ key, sha256: sha256Hex(expected), bytes: expected.length, contentType: 'application/octet-stream', metadata: {} });
      expect(await store.head(key)).toEqual(put);
      expect(await store.getBuffer(key)).toEqual(expected);
      expect(await hashStream(await store.get(key))).toEqual({ sha256: put.sha256, bytes: put.bytes });
    });

    it('keeps content type and user metadata, apart from its own facts', async () => {
      const key = `${p}meta/customers.csv`;
      const put = await store.put(key, 'id\n1\n', { contentType: 'text/csv; charset=utf-8', metadata: { source: 'crm', 'batch-id': 'b-42' } });
      const head = await store.head(key);
      expect(head).toEqual(put);
      expect(head).toMatchObject({ contentType: 'text/csv; charset=utf-8', metadata: { source: 'crm', 'batch-id': 'b-42' }, bytes: 5 });
    });

    it('rejects metadata a backend could not keep, and malformed keys', async () => {
      await expectCode(store.put(`${p}bad`, 'x', { metadata: { Upper: 'x' } }), 'CHURN_STORAGE_INVALID_OPTIONS');
      await expectCode(store.put(`${p}bad`, 'x', { metadata: { sha256: 'forged' } }), 'CHURN_STORAGE_INVALID_OPTIONS');
      for (const key of ['', '/abs', 'a//b', 'a/../b', 'dir/', '_tmp/x', '.tmp/x', '.meta/x']) {
        await expectCode(store.put(key, 'x'), 'CHURN_STORAGE_INVALID_KEY');
      }
      expect(await store.head(`${p}bad`)).toBeNull();
    });

    it('answers absent keys: head null, get and getBuffer NOT_FOUND (not retriable)', async () => {
      expect(await store.head(`${p}missing/nothing.bin`)).toBeNull();
      const err = await expectCode(store.get(`${p}missing/nothing.bin`), 'CHURN_STORAGE_NOT_FOUND');
      expect(err.retriable).toBe(false);
      await expectCode(store.getBuffer(`${p}missing/nothing.bin`), 'CHURN_STORAGE_NOT_FOUND');
    });

    it('lists recursively by prefix in key (byte) order with sizes', async () => {
      const keys = ['b/z.txt', 'a/x/1', 'a-b', 'a/y', 'a.c', 'ab', 'a/x/0', 'b/a', 'a/x~'];
      for (const [i, k] of keys.entries()) await store.put(`${p}list/${k}`, 'x'.repeat(i + 1));
      const listed = await collect(store.list(`${p}list/`));
      const sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(listed.map((o) => o.key)).toEqual(sorted.map((k) => `${p}list/${k}`));
      expect(listed.find((o) => o.key === `${p}list/a/y`)?.bytes).toBe(keys.indexOf('a/y') + 1);
      expect((await collect(store.list(`${p}list/a/`))).map((o) => o.key)).toEqual(
        ['a/x/0', 'a/x/1', 'a/x~', 'a/y'].map((k) => `${p}list/${k}`),
      );
      // A prefix need not end on a segment boundary.
      expect((await collect(store.list(`${p}list/a`))).map((o) => o.key)).toEqual(
        sorted.filter((k) => k.startsWith('a')).map((k) => `${p}list/${k}`),
      );
      expect(await collect(store.list(`${p}list/nope/`))).toEqual([]);
    });

    it('shows nothing at the key or in list() while a put is in flight', async () => {
      const key = `${p}inflight/obj.bin`;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let sentFirst!: () => void;
      const firstSent = new Promise<void>((r) => (sentFirst = r));
      const body = Readable.from(
        (async function* () {
          yield Buffer.alloc(1024, 1);
          sentFirst();
          await gate;
          yield Buffer.alloc(1024, 2);
        })(),
      );
      const putting = store.put(key, body);
      await firstSent;
      await new Promise((r) => setTimeout(r, 50));
      expect(await store.head(key)).toBeNull();
      expect(await collect(store.list(`${p}inflight/`))).toEqual([]);
      const rootListing = await collect(store.list(''));
      expect(rootListing.filter((o) => /^(_tmp|\.tmp|\.meta)\//.test(o.key))).toEqual([]);
      release();
      const put = await putting;
      expect(put.bytes).toBe(2048);
      expect((await collect(store.list(`${p}inflight/`))).map((o) => o.key)).toEqual([key]);
      expect(await ctx.tempLeftovers()).toEqual([]);
    });

    it.each([
      ['small', 2 * MiB],
      ['multipart-sized', 12 * MiB],
    ])('leaves nothing behind when the %s source stream fails midway', async (kind, goodBytes) => {
      const key = `${p}failing/${kind}.bin`;
      const err = await expectCode(store.put(key, failingAfter(goodBytes)), 'CHURN_STORAGE_SOURCE_FAILED');
      expect((err.cause as Error).message).toBe('source exploded');
      expect(await store.head(key)).toBeNull();
      await expectCode(store.get(key), 'CHURN_STORAGE_NOT_FOUND');
      expect(await collect(store.list(`${p}failing/`))).toEqual([]);
      expect(await ctx.tempLeftovers()).toEqual([]);
    }, 60_000);

    it('keeps the previous object intact when an overwrite fails midway', async () => {
      const key = `${p}overwrite/obj.txt`;
      const first = await store.put(key, 'version one');
      await expectCode(store.put(key, failingAfter(MiB)), 'CHURN_STORAGE_SOURCE_FAILED');
      expect(await store.head(key)).toEqual(first);
      expect((await store.getBuffer(key)).toString()).toBe('version one');
    });

    it('streams a large (20 MB) object in and out with the right hash', async () => {
      const size = 20 * MiB;
      const gen = generated(size);
      const key = `${p}large/20mb.bin`;
      const partsBefore = ctx.uploadedParts?.() ?? 0;
      const put = await store.put(key, gen.stream(), { contentType: 'application/x-test' });
      expect(put).toMatchObject({ sha256: gen.sha256, bytes: size });
      if (ctx.uploadedParts) expect(ctx.uploadedParts() - partsBefore).toBeGreaterThanOrEqual(4);
      expect(await store.head(key)).toEqual(put);
      expect(await hashStream(await store.get(key))).toEqual({ sha256: gen.sha256, bytes: size });
      expect(await collect(store.list(`${p}large/`))).toEqual([{ key, bytes: size }]);
      expect(await ctx.tempLeftovers()).toEqual([]);
    }, 120_000);

    it('putIfAbsent writes once, returns the existing object for equal content, refuses different content', async () => {
      const key = `${p}immutable/part-0.csv`;
      const created = await putIfAbsent(store, key, 'a,b\n1,2\n', { contentType: 'text/csv' });
      expect(await store.head(key)).toEqual(created);
      const again = await putIfAbsent(store, key, Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]), { contentType: 'text/csv' });
      expect(again).toEqual(created);
      const err = await expectCode(putIfAbsent(store, key, 'a,b\n9,9\n'), 'CHURN_STORAGE_CONFLICT');
      expect(err.retriable).toBe(false);
      expect(err.context).toMatchObject({ key, existingSha256: created.sha256, sha256: sha256Hex('a,b\n9,9\n') });
      expect((await store.getBuffer(key)).toString()).toBe('a,b\n1,2\n');
    });

    it('deferSync puts are visible complete at once; sync accepts them, absent keys too, and refuses malformed keys', async () => {
      const keys = [`${p}deferred/run/part-00000.ndjson`, `${p}deferred/run/part-00001.ndjson`];
      const puts = await Promise.all(keys.map((k, i) => store.put(k, `{"i":${i}}\n`, { contentType: 'application/x-ndjson', deferSync: true })));
      for (const [i, k] of keys.entries()) {
        expect(await store.head(k)).toEqual(puts[i]);
        expect((await store.getBuffer(k)).toString()).toBe(`{"i":${i}}\n`);
      }
      expect((await collect(store.list(`${p}deferred/`))).map((o) => o.key)).toEqual(keys);
      await expect(store.sync([...keys, `${p}deferred/never-written.bin`])).resolves.toBeUndefined();
      await expect(store.sync([])).resolves.toBeUndefined();
      await expectCode(store.sync([`${p}ok`, 'a//b']), 'CHURN_STORAGE_INVALID_KEY');
      await expectCode(store.put(`${p}deferred/bad`, 'x', { deferSync: 'yes' as unknown as boolean }), 'CHURN_STORAGE_INVALID_OPTIONS');
      expect(await ctx.tempLeftovers()).toEqual([]);
    });

    it('beforeCommit sees the hashed candidate and can divert the write to an existing object', async () => {
      const original = await store.put(`${p}dedupe/first.csv`, 'same bytes\n');
      const seen: string[] = [];
      const diverted = await store.put(`${p}dedupe/second.csv`, Readable.from([Buffer.from('same '), Buffer.from('bytes\n')]), {
        beforeCommit: async (candidate) => {
          seen.push(candidate.sha256);
          return candidate.sha256 === original.sha256 ? original : undefined;
        },
      });
      expect(seen).toEqual([sha256Hex('same bytes\n')]);
      expect(diverted).toEqual(original);
      expect(await store.head(`${p}dedupe/second.csv`)).toBeNull();
      expect(await ctx.tempLeftovers()).toEqual([]);
      const kept = await store.put(`${p}dedupe/third.csv`, 'other bytes\n', { beforeCommit: async () => undefined });
      expect(await store.head(`${p}dedupe/third.csv`)).toEqual(kept);
    });
  });
}
