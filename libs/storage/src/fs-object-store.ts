import { randomUUID } from 'node:crypto';
import { constants as fsConstants, createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isRetriable } from '@churn/core';
import { digestBody, tapBody } from './body';
import { StorageErrorCode, fromFsError, storageError } from './errors';
import { assertValidKey, assertValidPrefix, compareKeys } from './keys';
import type { ObjectBody, ObjectStore, PutOptions, StoredObject } from './object-store';
import { type FsObjectStoreOptions, validateFsOptions, validatePutOptions } from './options';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const TMP_DIR = '.tmp';
const META_DIR = '.meta';
const missing = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
const isMissing = (err: unknown) => missing.has((err as NodeJS.ErrnoException)?.code ?? '');

async function writeFully(fh: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await fh.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Directories whose entries make `dir` reachable from `rootDir`: `rootDir`,
 * then each directory down to `dir` (both included).
 */
function directoryChain(rootDir: string, dir: string): string[] {
  const chain = [rootDir];
  for (const segment of path.relative(rootDir, dir).split(path.sep).filter(Boolean)) chain.push(path.join(chain.at(-1)!, segment));
  return chain;
}

/**
 * Rename is atomic within one filesystem: a reader sees the old file or the
 * whole new one. The source file is fsync'd before, so a visible object is
 * always complete. With `syncNow`, the directories are fsync'd after, so the
 * rename (and any directory the move created) survives a machine crash;
 * without, the caller makes that durable later (ObjectStore.sync).
 */
async function moveInto(rootDir: string, src: string, dest: string, syncNow: boolean): Promise<void> {
  const dir = path.dirname(dest);
  const created = await mkdir(dir, { recursive: true });
  await rename(src, dest);
  if (!syncNow) return;
  // A new directory is itself an entry of its parent: that entry must be durable too.
  const chain = directoryChain(rootDir, dir);
  const from = created === undefined ? chain.length - 1 : Math.max(0, chain.indexOf(path.dirname(created)));
  for (const d of chain.slice(from)) await fsyncDir(d);
}

/**
 * An {@link ObjectStore} on the local filesystem. Key `a/b.csv` is the file
 * `<rootDir>/a/b.csv`; its sha256, size, content type and metadata live in
 * `<rootDir>/.meta/a/b.csv.json`. Writes stream to `<rootDir>/.tmp/`, fsync,
 * then rename into place, so a key only ever shows a complete object; the
 * directories are fsync'd after the rename (or at `sync` for `deferSync` puts).
 *
 * Limitation: key `a` and key `a/b` cannot coexist (a file is not a directory);
 * the second put fails with CHURN_STORAGE_INVALID_KEY.
 */
export function createFsObjectStore(options: FsObjectStoreOptions): ObjectStore {
  const rootDir = path.resolve(validateFsOptions(options).rootDir);
  const tmpDir = path.join(rootDir, TMP_DIR);
  const dataPath = (key: string) => path.join(rootDir, ...key.split('/'));
  const metaPath = (key: string) => `${path.join(rootDir, META_DIR, ...key.split('/'))}.json`;

  async function readMeta(key: string): Promise<StoredObject | null> {
    try {
      return JSON.parse(await readFile(metaPath(key), 'utf8')) as StoredObject;
    } catch {
      return null;
    }
  }

  async function put(key: string, body: ObjectBody, putOptions?: PutOptions): Promise<StoredObject> {
    assertValidKey(key);
    const opts = validatePutOptions(putOptions);
    const id = randomUUID();
    const tmpData = path.join(tmpDir, id);
    const tmpMeta = `${tmpData}.meta.json`;
    const { chunks, digest } = tapBody(body);
    try {
      await mkdir(tmpDir, { recursive: true });
      const fh = await open(tmpData, 'wx');
      try {
        for await (const chunk of chunks) await writeFully(fh, chunk);
        await fh.sync();
      } finally {
        await fh.close();
      }
      const stored: StoredObject = {
        key,
        sha256: digest.sha256(),
        bytes: digest.bytes(),
        contentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
        metadata: { ...opts.metadata },
      };
      const existing = await opts.beforeCommit?.(stored);
      if (existing) {
        await rm(tmpData, { force: true });
        return existing;
      }
      const mh = await open(tmpMeta, 'wx');
      try {
        await writeFully(mh, Buffer.from(JSON.stringify(stored)));
        await mh.sync();
      } finally {
        await mh.close();
      }
      // Sidecar first: until the data rename, the key is absent (head checks the data file).
      const syncNow = opts.deferSync !== true;
      await moveInto(rootDir, tmpMeta, metaPath(key), syncNow);
      await moveInto(rootDir, tmpData, dataPath(key), syncNow);
      return stored;
    } catch (err) {
      await Promise.all([rm(tmpData, { force: true }), rm(tmpMeta, { force: true })]).catch(() => undefined);
      const cause = digest.sourceError();
      if (cause !== undefined) {
        throw storageError(StorageErrorCode.SourceFailed, `put ${key}: body stream failed, nothing stored`, {
          context: { key },
          cause,
          retriable: isRetriable(cause),
        });
      }
      throw fromFsError(err, { op: 'put', key });
    }
  }

  async function get(key: string): Promise<Readable> {
    assertValidKey(key);
    let fh: FileHandle | undefined;
    try {
      fh = await open(dataPath(key), 'r');
      if (!(await fh.stat()).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      return fh.createReadStream();
    } catch (err) {
      await fh?.close();
      if (isMissing(err)) throw storageError(StorageErrorCode.NotFound, `get ${key}: no such object`, { context: { key } });
      throw fromFsError(err, { op: 'get', key });
    }
  }

  async function getBuffer(key: string): Promise<Buffer> {
    assertValidKey(key);
    try {
      return await readFile(dataPath(key));
    } catch (err) {
      if (isMissing(err)) throw storageError(StorageErrorCode.NotFound, `get ${key}: no such object`, { context: { key } });
      throw fromFsError(err, { op: 'get', key });
    }
  }

  async function head(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    const file = dataPath(key);
    let size: number;
    try {
      const st = await stat(file);
      if (!st.isFile()) return null;
      size = st.size;
    } catch (err) {
      if (isMissing(err)) return null;
      throw fromFsError(err, { op: 'head', key });
    }
    const meta = await readMeta(key);
    if (meta && meta.bytes === size) return { ...meta, key };
    // Sidecar lost or stale (crash mid-overwrite): the data file is the truth, rehash it.
    const { sha256, bytes } = await digestBody(createReadStream(file));
    return { key, sha256, bytes, contentType: DEFAULT_CONTENT_TYPE, metadata: {} };
  }

  async function* walk(dir: string, keyPrefix: string, prefix: string): AsyncGenerator<{ key: string; bytes: number }> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw fromFsError(err, { op: 'list', key: prefix });
    }
    const items = entries
      .filter((e) => (e.isFile() || e.isDirectory()) && !(keyPrefix === '' && (e.name === TMP_DIR || e.name === META_DIR)))
      .map((e) => ({ name: e.name, isDir: e.isDirectory(), key: keyPrefix + e.name }))
      .filter((i) => (i.isDir ? prefix.startsWith(`${i.key}/`) || `${i.key}/`.startsWith(prefix) : i.key.startsWith(prefix)))
      // A directory sorts as "name/" so "a-b" < "a/x" exactly as the keys compare.
      .sort((a, b) => compareKeys(a.isDir ? `${a.key}/` : a.key, b.isDir ? `${b.key}/` : b.key));
    for (const item of items) {
      const full = path.join(dir, item.name);
      if (item.isDir) {
        yield* walk(full, `${item.key}/`, prefix);
        continue;
      }
      const st = await stat(full).catch(() => null);
      if (st?.isFile()) yield { key: item.key, bytes: st.size };
    }
  }

  async function* list(prefix: string): AsyncGenerator<{ key: string; bytes: number }> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    yield* walk(dirKey ? dataPath(dirKey) : rootDir, dirKey ? `${dirKey}/` : '', prefix);
  }

  /**
   * fsyncs each directory on the way to the keys' data files and sidecars,
   * each once however many keys share it: a batch of deferred puts into one
   * folder costs a handful of fsyncs in all instead of two per object. Keys
   * with nothing stored are skipped.
   */
  async function sync(keys: Iterable<string>): Promise<void> {
    const dirs = new Set<string>();
    for (const key of keys) {
      assertValidKey(key);
      for (const file of [dataPath(key), metaPath(key)]) for (const d of directoryChain(rootDir, path.dirname(file))) dirs.add(d);
    }
    try {
      await Promise.all([...dirs].map((d) => fsyncDir(d).catch((err: unknown) => (isMissing(err) ? undefined : Promise.reject(err)))));
    } catch (err) {
      throw fromFsError(err, { op: 'sync', key: [...dirs][0] ?? rootDir });
    }
  }

  async function ping(): Promise<void> {
    try {
      await mkdir(tmpDir, { recursive: true });
      await access(rootDir, fsConstants.W_OK);
    } catch (err) {
      throw fromFsError(err, { op: 'ping', key: rootDir });
    }
  }

  return { put, get, getBuffer, head, list, sync, ping, close: async () => undefined };
}
