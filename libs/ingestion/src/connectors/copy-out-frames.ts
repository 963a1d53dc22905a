import { Readable } from 'node:stream';
import type pg from 'pg';

const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'

/** The part of pg's Connection this reader takes over while the COPY runs (the same that pg-copy-streams uses). */
interface WireConnection {
  stream: Omit<NodeJS.ReadableStream, 'read'> & { read(): Buffer | null };
  query(text: string): void;
}

/**
 * `COPY ... TO STDOUT` as a stream of "frames": Buffers that hold whole
 * protocol messages (mostly CopyData, one row each; the CopyOutResponse,
 * notices and parameter statuses too, which readers skip), cut from the
 * socket's own chunks without copying them. pg-copy-streams instead makes
 * a Buffer per row and copies every chunk again; at 10^7 rows those
 * allocations cost more than the rows' conversion.
 *
 * Like pg-copy-streams: a pg Submittable that takes the socket's 'data'
 * listener from pg while the COPY streams, and gives it back (with the
 * unread bytes) at CopyDone or at an ErrorResponse, which pg then reports
 * through handleError. Backpressure: the socket is read only while this
 * stream wants data.
 */
export class CopyOutFrames extends Readable {
  private connection: WireConnection | undefined;
  private pgDataHandler: ((chunk: Buffer) => void) | undefined;
  /** The start of a message split across socket chunks. */
  private partial: Buffer | undefined;
  private wanted = false;
  private forwarding = false;
  private done = false;
  private readonly onReadable = () => this.forward();

  constructor(
    readonly text: string,
    options: { highWaterMark?: number } = {},
  ) {
    // Object mode: each frame is read as pushed. In byte mode read() would concatenate the buffered frames into a
    // new Buffer, copying every byte once more. highWaterMark counts frames (socket chunks, up to 64 KiB each).
    super({ objectMode: true, highWaterMark: options.highWaterMark ?? 16 });
  }

  /** Called by pg when the query's turn comes. */
  submit(connection: pg.Connection): void {
    const wire = connection as unknown as WireConnection;
    this.connection = wire;
    const socket = wire.stream;
    const listeners = socket.listeners('data') as ((chunk: Buffer) => void)[];
    if (listeners.length !== 1) throw new Error(`expected pg's one socket data listener, found ${listeners.length}`);
    this.pgDataHandler = listeners[0];
    socket.removeListener('data', this.pgDataHandler as (chunk: Buffer) => void);
    socket.pause();
    socket.on('readable', this.onReadable);
    wire.query(this.text);
    this.forward();
  }

  override _read(): void {
    this.wanted = true;
    this.forward();
  }

  /** pg reports an ErrorResponse (after the detach) or a connection error. */
  handleError(err: Error): void {
    this.destroy(err);
  }

  /** pg's end of the query; the stream has ended at CopyDone already. */
  handleCommandComplete(): void {
    return undefined;
  }

  handleReadyForQuery(): void {
    return undefined;
  }

  private forward(): void {
    const socket = this.connection?.stream;
    if (!socket || this.forwarding || this.done) return;
    this.forwarding = true;
    try {
      let chunk: Buffer | null;
      while (this.wanted && !this.done && (chunk = socket.read()) !== null) this.takeChunk(chunk);
    } finally {
      this.forwarding = false;
    }
  }

  /** Pushes the whole messages of a socket chunk, completing a message split across chunks first. */
  private takeChunk(chunk: Buffer): void {
    let data = chunk;
    while (this.partial) {
      // Complete the split message with just the bytes it needs: the rest of the chunk is not copied.
      const head = this.partial;
      const needed = (head.length < 5 ? 5 : 1 + head.readUInt32BE(1)) - head.length;
      if (needed > data.length) {
        this.partial = Buffer.concat([head, data]);
        return;
      }
      const joined = Buffer.concat([head, data.subarray(0, needed)]);
      data = data.subarray(needed);
      this.partial = joined;
      if (joined.length < 1 + joined.readUInt32BE(1)) continue; // the header only: its length is known now
      this.partial = undefined;
      if (!this.frames(joined, data)) return;
    }
    this.frames(data);
  }

  /**
   * Pushes the whole messages at the start of `data` and keeps a split one.
   * At CopyDone or an ErrorResponse, hands the bytes from there (and `rest`) back to pg; false then.
   */
  private frames(data: Buffer, rest?: Buffer): boolean {
    let pos = 0;
    while (pos + 5 <= data.length) {
      const code = data[pos] as number;
      if (code === ERROR_RESPONSE) return this.finish(data, pos, pos, rest, false);
      const end = pos + 1 + data.readUInt32BE(pos + 1);
      if (end > data.length) break;
      if (code === COPY_DONE) return this.finish(data, pos, end, rest, true);
      pos = end;
    }
    if (pos > 0) this.wanted = this.push(data.subarray(0, pos));
    if (pos < data.length) this.partial = Buffer.from(data.subarray(pos));
    return true;
  }

  /** Pushes the frames before `until`, hands the bytes from `resume` back to pg, and ends (or lets pg report the error). */
  private finish(data: Buffer, until: number, resume: number, rest: Buffer | undefined, ended: boolean): false {
    if (until > 0) this.push(data.subarray(0, until));
    const unread = data.subarray(resume);
    this.detach(rest && rest.length > 0 ? Buffer.concat([unread, rest]) : unread);
    if (ended) this.push(null);
    return false;
  }

  /** Gives the socket back to pg with the bytes not read yet. */
  private detach(unread: Buffer): void {
    if (this.done || !this.connection) return;
    this.done = true;
    const socket = this.connection.stream;
    const handler = this.pgDataHandler as (chunk: Buffer) => void;
    socket.removeListener('readable', this.onReadable);
    socket.on('data', handler);
    if (unread.length > 0) handler(unread);
    // pg's handler may pause the socket; resume it after this turn, as pg-copy-streams does.
    process.nextTick(() => socket.resume());
  }

  /** Destroyed early (an abort): pg gets the socket back so the connection can close; rows still arriving are dropped. */
  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.detach(this.partial ?? Buffer.alloc(0));
    this.partial = undefined;
    callback(err);
  }

  /** CopyData that pg parses after an early detach: dropped. */
  handleCopyData(): void {
    return undefined;
  }
}
