// Runs s3rver (a filesystem-backed S3 emulator) on loopback with the lake bucket created.
// Usage: node infra/s3/s3rver.mjs <dataDir> [port] [address] [bucket]
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const [dir, port = '9000', address = '127.0.0.1', bucket = 'churn-lake'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: s3rver.mjs <dataDir> [port] [address] [bucket]\n');
  process.exit(2);
}

// s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3
// (Node >= 17) only offers through the legacy provider: without it every paginated list
// answers 500. The token only has to be opaque and reversible, so map 'des' onto
// AES-128-CTR (stream mode: same length, no padding) with the 8-byte key/iv zero-extended.
function desAvailable() {
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
if (!desAvailable()) {
  const widen = (b) => Buffer.concat([Buffer.from(b), Buffer.alloc(16)]).subarray(0, 16);
  for (const name of ['createCipheriv', 'createDecipheriv']) {
    const original = crypto[name];
    crypto[name] = (algorithm, key, iv, ...rest) =>
      algorithm === 'des'
        ? original.call(crypto, 'aes-128-ctr', widen(key), widen(iv), ...rest)
        : original.call(crypto, algorithm, key, iv, ...rest);
  }
}

// s3rver lists objects in readdir order, but S3 lists in UTF-8 byte order of the key, and
// s3rver's own pagination (skip keys <= the last one returned) relies on that order: unsorted,
// keys get lost across pages. Objects are stored as `<name>._S3rver_object` (+ sidecars) and
// prefixes as directories, so sort entries by key, a directory counting as `<name>/`.
// filesystem.js destructures `walk` when it is first required, hence patch before loading s3rver.
const utils = require('s3rver/lib/utils');
const S3RVER_SUFFIX = /\._S3rver_.*$/;
utils.walk = function* sortedWalk(dirPath, recurseFilter) {
  const entries = fs.readdirSync(dirPath).map((name) => {
    const full = path.posix.join(dirPath, name);
    const isDir = fs.statSync(full).isDirectory();
    return { full, isDir, sortKey: Buffer.from(isDir ? `${name}/` : name.replace(S3RVER_SUFFIX, ''), 'utf8') };
  });
  entries.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
  for (const e of entries) {
    if (!e.isDir) yield e.full;
    else if (!recurseFilter || recurseFilter(e.full)) yield* sortedWalk(e.full, recurseFilter);
  }
};
const S3rver = require('s3rver');

// s3rver's deleteObject removes parent directories that became empty. With concurrent
// writes that races a put into the same prefix (the put's mkdir has run, the delete
// removes the directory, the put's open fails with ENOENT on an unhandled stream error)
// and the whole server dies: our S3 store writes every object through `_tmp/` and
// deletes the temp key, so two parts stored at once trigger it. S3 has no directories
// and listings walk files only, so empty directories can simply stay.
const FilesystemStore = require('s3rver/lib/stores/filesystem');
FilesystemStore.prototype.deleteObject = async function deleteObjectKeepingDirectories(bucketName, key) {
  await Promise.all(
    ['object', 'object.md5', 'metadata.json'].map((type) =>
      fs.promises.unlink(this.getResourcePath(bucketName, key, type)).catch((err) => {
        if (err.code !== 'ENOENT') throw err;
      }),
    ),
  );
};

fs.mkdirSync(dir, { recursive: true });
const server = new S3rver({
  address,
  port: Number(port),
  directory: dir,
  silent: process.env.S3RVER_VERBOSE !== '1',
  // Path-style only: clients use forcePathStyle against 127.0.0.1.
  vhostBuckets: false,
  configureBuckets: [{ name: bucket }],
});

const info = await server.run();
process.stdout.write(`s3rver listening on ${info.address}:${info.port}, data in ${dir}, bucket ${bucket}\n`);

const shutdown = async () => {
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
