import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ObjectBody } from './object-store';

/** Running sha256 and byte count of the data that went through {@link tapBody}. */
export interface BodyDigest {
  sha256(): string;
  bytes(): number;
  /** Set when the caller's body failed (as opposed to the store). */
  sourceError(): unknown;
}

function toChunks(body: ObjectBody): AsyncIterable<unknown> | Iterable<unknown> {
  if (typeof body === 'string') return [Buffer.from(body, 'utf8')];
  if (body instanceof Uint8Array) return [body];
  return body;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`body chunks must be Buffer, Uint8Array or string, got ${typeof chunk}`);
}

/**
 * Wraps any accepted body in an async iterable of Buffers that hashes and
 * counts as it goes. Errors of the source are remembered so the store can tell
 * "your stream broke" from "the store broke".
 */
export function tapBody(body: ObjectBody): { chunks: AsyncGenerator<Buffer>; digest: BodyDigest } {
  const hash = createHash('sha256');
  let bytes = 0;
  let digestHex: string | undefined;
  let failure: unknown;
  async function* run(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of toChunks(body)) {
        const buf = toBuffer(chunk);
        hash.update(buf);
        bytes += buf.length;
        yield buf;
      }
    } catch (err) {
      failure = err ?? new Error('body stream failed');
      throw err;
    }
  }
  return {
    chunks: run(),
    digest: {
      sha256: () => (digestHex ??= hash.digest('hex')),
      bytes: () => bytes,
      sourceError: () => failure,
    },
  };
}

/** Hashes a whole body without storing it (used to compare content with an existing object). */
export async function digestBody(body: ObjectBody): Promise<{ sha256: string; bytes: number }> {
  const { chunks, digest } = tapBody(body);
  for await (const _ of chunks) {
    // consumed for the side effect of hashing
  }
  return { sha256: digest.sha256(), bytes: digest.bytes() };
}

/** Collects a stream into one Buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts);
}
