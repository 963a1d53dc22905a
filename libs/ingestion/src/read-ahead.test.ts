import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RawPart } from './connectors/connector';
import { readAhead } from './read-ahead';

const part = (n: number, body: Buffer | Readable = Buffer.from(`{"n":${n}}\n`)): RawPart => ({ name: `part-${n}`, contentType: 'application/x-ndjson', body, records: 1 });

/** A connector that logs when it starts and finishes reading each part. */
function source(bodies: (Buffer | Readable)[], events: string[], fail?: number) {
  return (async function* () {
    try {
      for (let n = 1; n <= bodies.length; n += 1) {
        events.push(`read ${n}`);
        await new Promise((r) => setTimeout(r, 5));
        if (n === fail) throw new Error(`part ${n} failed`);
        yield part(n, bodies[n - 1]);
      }
    } finally {
      events.push('closed');
    }
  })();
}

describe('readAhead', () => {
  it('reads the next Buffer part while the current one is stored, never more than one ahead', async () => {
    const events: string[] = [];
    for await (const p of readAhead(source([1, 2, 3].map((n) => Buffer.from(String(n))), events), () => events.push('stop'))) {
      events.push(`store ${p.name} begins`);
      await new Promise((r) => setTimeout(r, 20));
      events.push(`store ${p.name} ends`);
    }
    expect(events).toEqual([
      'read 1',
      'read 2', // asked as soon as part 1 is handed out
      'store part-1 begins',
      'store part-1 ends',
      'read 3',
      'store part-2 begins',
      'store part-2 ends',
      'closed', // asked for part 4 when part 3 was handed out: there is none
      'store part-3 begins',
      'store part-3 ends',
    ]);
  });

  it('waits for a streamed body to be stored before the connector goes on', async () => {
    const events: string[] = [];
    for await (const p of readAhead(source([Readable.from(['a']), Readable.from(['b'])], events), () => events.push('stop'))) {
      events.push(`store ${p.name}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(events).toEqual(['read 1', 'store part-1', 'read 2', 'store part-2', 'closed']);
  });

  it('a failing store stops the connector (onStop, then closed)', async () => {
    const events: string[] = [];
    const consume = async () => {
      for await (const p of readAhead(source([1, 2, 3].map((n) => Buffer.from(String(n))), events), () => events.push('stop'))) {
        events.push(`store ${p.name}`);
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('disk full');
      }
    };
    await expect(consume()).rejects.toThrow('disk full');
    expect(events).toEqual(['read 1', 'read 2', 'store part-1', 'stop', 'closed']);
  });

  it('a read ahead that fails while a store fails goes nowhere (no unhandled rejection)', async () => {
    const events: string[] = [];
    const consume = async () => {
      for await (const p of readAhead(source([1, 2].map((n) => Buffer.from(String(n))), events, 2), () => events.push('stop'))) {
        await new Promise((r) => setTimeout(r, 20)); // part 2 fails meanwhile
        throw new Error(`storing ${p.name} failed`);
      }
    };
    await expect(consume()).rejects.toThrow('storing part-1 failed');
    expect(events).toEqual(['read 1', 'read 2', 'closed', 'stop']);
  });

  it('a connector failure reaches the consumer after the parts before it', async () => {
    const events: string[] = [];
    const stored: string[] = [];
    const consume = async () => {
      for await (const p of readAhead(source([1, 2, 3].map((n) => Buffer.from(String(n))), events, 3), () => events.push('stop'))) stored.push(p.name);
    };
    await expect(consume()).rejects.toThrow('part 3 failed');
    expect(stored).toEqual(['part-1', 'part-2']);
    expect(events).toEqual(['read 1', 'read 2', 'read 3', 'closed']);
  });
});
