import type { Readable } from 'node:stream';
import type { Logger } from 'pino';

/** One file of a run, landed under the run folder as is. */
export interface RawPart {
  /** File name inside the run folder: 'customers.csv', 'page-000001.ndjson', 'part-000001.ndjson'. */
  name: string;
  contentType: string; // 'text/csv', 'application/x-ndjson'
  body: Readable | Buffer; // exactly the bytes to store
  /** Records in this part; undefined when only known after reading (CSV: the lead counts while storing). */
  records?: number;
  /**
   * Called once the part is stored (never after a failed store): nothing
   * reads `body` any more, so the connector may build a later part in its
   * memory. Optional for the consumer: without the call, the body is left
   * to the garbage collector.
   */
  release?(): void;
}

/** One pass over a source. */
export interface ConnectorRun {
  /** Parts in order. The consumer fully reads a part's body before asking for the next one. */
  parts: AsyncIterable<RawPart>;
  /** After `parts` is exhausted: the new watermark (max watermark-field value seen, as a string), or the input watermark if nothing new. */
  watermark(): string | undefined;
  /** Requests made, retries done, records read (so far). */
  stats(): { requests: number; retries: number; records: number };
}

/** Reads one configured source; `open` starts a run from a watermark. */
export interface SourceConnector {
  readonly kind: 'csv' | 'rest' | 'postgres';
  open(input: { watermark?: string; signal: AbortSignal; log: Logger }): ConnectorRun;
}

/** Input of `SourceConnector.open`. */
export type ConnectorOpenInput = Parameters<SourceConnector['open']>[0];
