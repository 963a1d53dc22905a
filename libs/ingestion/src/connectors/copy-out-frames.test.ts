import { PassThrough } from 'node:stream';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CopyOutFrames } from './copy-out-frames';

const message = (code: string, payload: string | Buffer) => {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(5);
  head.write(code, 0, 'latin1');
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

/** A stand-in for pg's Connection: a socket with pg's one data listener, which records what pg would parse. */
function fakeConnection() {
  const socket = new PassThrough();
  const toPg: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => toPg.push(chunk));
  const sent: string[] = [];
  return { connection: { stream: socket, query: (text: string) => sent.push(text) } as unknown as pg.Connection, socket, toPg, sent };
}

async function run(wire: Buffer, chunkSizes: number[]) {
  const { connection, socket, toPg, sent } = fakeConnection();
  const copy = new CopyOutFrames('COPY (SELECT 1) TO STDOUT', { highWaterMark: 2 });
  copy.submit(connection);
  const frames: Buffer[] = [];
  const reading = (async () => {
    for await (const f of copy) frames.push(f as Buffer);
  })();
  for (let at = 0, k = 0; at < wire.length; k += 1) {
    const size = chunkSizes[k % chunkSizes.length] as number;
    socket.write(wire.subarray(at, at + size));
    at += size;
    await new Promise((r) => setImmediate(r));
  }
  await reading;
  await new Promise((r) => setImmediate(r));
  return { frames: Buffer.concat(frames), toPg: Buffer.concat(toPg), sent };
}

describe('CopyOutFrames', () => {
  const head = message('H', Buffer.from([0, 0, 1, 0, 0]));
  const rows = Array.from({ length: 40 }, (_, i) => message('d', `${i}\trow ${'x'.repeat(i % 7)}\n`));
  const notice = message('N', 'Snotice\0\0');
  const done = message('c', '');
  const after = Buffer.concat([message('C', 'COPY 40\0'), message('Z', 'I')]);

  it('passes whole messages up to CopyDone, whatever the socket chunks, and hands the rest back to pg', async () => {
    const body = Buffer.concat([head, ...rows.slice(0, 20), notice, ...rows.slice(20)]);
    const wire = Buffer.concat([body, done, after]);
    for (const sizes of [[1], [2, 3], [4], [5], [6], [7, 1], [64], [wire.length]]) {
      const { frames, toPg, sent } = await run(wire, sizes);
      expect(sent).toEqual(['COPY (SELECT 1) TO STDOUT']);
      expect(frames.equals(body), `chunks of ${sizes}`).toBe(true);
      expect(toPg.equals(after), `chunks of ${sizes}`).toBe(true);
    }
  });

  it('an ErrorResponse goes to pg unread, and pg reports it through handleError', async () => {
    const error = message('E', 'SERROR\0C42P01\0Mno\0\0');
    const wire = Buffer.concat([head, ...rows.slice(0, 3), error, message('Z', 'E')]);
    for (const sizes of [[1], [3], [wire.length]]) {
      const { connection, socket, toPg } = fakeConnection();
      const copy = new CopyOutFrames('COPY x TO STDOUT');
      copy.submit(connection);
      const frames: Buffer[] = [];
      copy.on('data', (f: Buffer) => frames.push(f));
      for (let at = 0, k = 0; at < wire.length; k += 1) {
        const size = sizes[k % sizes.length] as number;
        socket.write(wire.subarray(at, at + size));
        at += size;
        await new Promise((r) => setImmediate(r));
      }
      expect(Buffer.concat(frames).equals(Buffer.concat([head, ...rows.slice(0, 3)]))).toBe(true);
      expect(Buffer.concat(toPg).equals(Buffer.concat([error, message('Z', 'E')]))).toBe(true);
      const failed = new Promise((resolve) => copy.on('error', resolve));
      copy.handleError(new Error('relation does not exist'));
      await expect(failed).resolves.toMatchObject({ message: 'relation does not exist' });
    }
  });
});
