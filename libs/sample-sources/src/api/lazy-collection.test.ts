import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSampleApi, startSampleApi } from './sample-api';
import { TOKEN, auth, countingCollection } from './test-fixtures';

const SIZE = 1_000_000;
const invoices = countingCollection('inv', SIZE);
const tickets = countingCollection('tkt', SIZE);
const cancellations = countingCollection('can', SIZE);

let api: RunningSampleApi;
beforeAll(async () => {
  api = await startSampleApi({ collections: { invoices, tickets, cancellations }, token: TOKEN });
});
afterAll(() => api.close());

async function get<T>(path: string): Promise<{ res: Response; body: T; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${api.url}${path}`, { headers: auth });
  expect(res.status).toBe(200);
  const body = (await res.json()) as T;
  return { res, body, ms: performance.now() - started };
}

describe('a lazily computed 1,000,000-record collection', () => {
  it('serves page 5000 quickly, reading only the records it scans', async () => {
    tickets.calls = 0;
    const { res, body, ms } = await get<{ index: number }[]>('/support/tickets?page=5000&per_page=100');
    expect(body.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, k) => 499_900 + k));
    expect(res.headers.get('link')).toContain('page=5001');
    // Cold: the records before the page (holes may exist, so they are scanned), the page, one look-ahead.
    expect(tickets.calls).toBe(500_001);
    expect(ms).toBeLessThan(5000);

    // Warm: the next page starts where the previous one stopped.
    tickets.calls = 0;
    const next = await get<{ index: number }[]>('/support/tickets?page=5001&per_page=100');
    expect(next.body[0]!.index).toBe(500_000);
    expect(tickets.calls).toBe(101);

    // A jump back lands on a checkpoint near it, not at index 0.
    tickets.calls = 0;
    await get('/support/tickets?page=2500&per_page=100');
    expect(tickets.calls).toBeLessThanOrEqual(1024 + 101);
  });

  it('follows a cursor deep into the collection reading one page per request', async () => {
    invoices.calls = 0;
    let cursor: string | null = null;
    for (let n = 0; n < 5; n++) {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const { body } = await get<{ data: { index: number }[]; next_cursor: string | null }>(`/billing/invoices?limit=1000${q}`);
      expect(body.data[0]!.index).toBe(n * 1000);
      cursor = body.next_cursor;
    }
    expect(invoices.calls).toBe(5 * 1001);
  });

  it('counts the offset total once per updated_since and then reads only near the offset', async () => {
    cancellations.calls = 0;
    const first = await get<{ items: { index: number }[]; total: number }>('/cancellations?offset=700000&limit=50');
    expect(first.body.total).toBe(SIZE);
    expect(first.body.items[0]!.index).toBe(700_000);
    const countingCalls = cancellations.calls;
    expect(countingCalls).toBeLessThanOrEqual(SIZE + 1024 + 50);

    cancellations.calls = 0;
    const second = await get<{ items: { index: number }[]; total: number }>('/cancellations?offset=123456&limit=50');
    expect(second.body.items[0]!.index).toBe(123_456);
    expect(second.body.total).toBe(SIZE);
    expect(cancellations.calls).toBeLessThanOrEqual(1024 + 51);
  });

  it('stays responsive while a long scan runs', async () => {
    const slow = fetch(`${api.url}/cancellations?updated_since=2026-01-01T00:01:00Z&offset=900000`, { headers: auth });
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await slow).status).toBe(200);
  });
});
