import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSampleApi, startSampleApi } from './sample-api';
import { TOKEN, auth, sparseCollection } from './test-fixtures';

const collections = {
  invoices: sparseCollection('inv', 500),
  tickets: sparseCollection('tkt', 500),
  cancellations: sparseCollection('can', 500),
};
const DATA_PATHS = ['/billing/invoices', '/support/tickets', '/cancellations'];

let api: RunningSampleApi;
beforeAll(async () => {
  api = await startSampleApi({ collections, token: TOKEN });
});
afterAll(() => api.close());

const get = (path: string, headers: Record<string, string> = auth) => fetch(`${api.url}${path}`, { headers });
const putFaults = (body: unknown) =>
  fetch(`${api.url}/_faults`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('bearer auth', () => {
  it.each(DATA_PATHS.concat('/_faults'))('answers 401 on %s without or with a wrong token', async (path) => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await get(path, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    }
  });

  it('leaves /healthz open', async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('bad query parameters', () => {
  it.each([
    '/billing/invoices?limit=0',
    '/billing/invoices?limit=1001',
    '/billing/invoices?limit=ten',
    '/billing/invoices?cursor=not-a-cursor',
    '/billing/invoices?cursor=aTo5OTk5OTk5',
    '/billing/invoices?updated_since=yesterday',
    '/billing/invoices?page=2',
    '/support/tickets?page=0',
    '/support/tickets?per_page=501',
    '/support/tickets?page=1.5',
    '/support/tickets?per_page=10&per_page=20',
    '/cancellations?offset=-1',
    '/cancellations?limit=0',
    '/cancellations?updated_since=2026-13-45T00:00:00Z',
  ])('answers 400 with a reason to %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error.length).toBeGreaterThan(3);
  });

  it('accepts an updated_since whose + offset arrived as a space', async () => {
    const res = await get('/cancellations?updated_since=2026-01-01T05:00:00+02:00');
    expect(res.status).toBe(200);
  });
});

describe('faults', () => {
  it('answers 500/502/503 at errorRate 1, and only on data endpoints', async () => {
    api.setFaults({ errorRate: 1 });
    try {
      for (const path of DATA_PATHS) {
        const res = await get(path);
        expect([500, 502, 503]).toContain(res.status);
        await res.text();
      }
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      expect((await get('/_faults')).status).toBe(200);
    } finally {
      api.setFaults({});
    }
  });

  it('delays responses by slowMs at slowRate 1', async () => {
    api.setFaults({ slowMs: 300, slowRate: 1 });
    try {
      const started = performance.now();
      const res = await get('/billing/invoices?limit=5');
      expect(res.status).toBe(200);
      await res.json();
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      api.setFaults({});
    }
  });

  it('cuts JSON bodies in half, with a clean end of the exchange', async () => {
    api.setFaults({ truncateRate: 1 });
    try {
      for (const path of DATA_PATHS) {
        const res = await get(path);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const text = await res.text();
        expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
        expect(text.length).toBeGreaterThan(0);
        expect(() => JSON.parse(text)).toThrow();
      }
    } finally {
      api.setFaults({});
    }
    const res = await get('/support/tickets?per_page=3');
    expect(await res.json()).toHaveLength(3);
  });

  it('sends a text/html maintenance page at wrongContentTypeRate 1', async () => {
    api.setFaults({ wrongContentTypeRate: 1 });
    try {
      const res = await get('/cancellations');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<html>');
    } finally {
      api.setFaults({});
    }
  });

  it('fails exactly the next N data requests with failNext, via PUT /_faults', async () => {
    const put = await putFaults({ failNext: { count: 2, status: 503 } });
    expect(put.status).toBe(200);
    expect(await get('/_faults').then((r) => r.json())).toEqual({ failNext: { count: 2, status: 503 } });
    expect((await get('/billing/invoices')).status).toBe(503);
    expect((await get('/cancellations')).status).toBe(503);
    expect((await get('/billing/invoices')).status).toBe(200);
    expect(await get('/_faults').then((r) => r.json())).toEqual({ failNext: { count: 0, status: 503 } });
  });

  it('adds Retry-After: 1 to an injected 429', async () => {
    await putFaults({ failNext: { count: 1, status: 429 } });
    const res = await get('/support/tickets');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await get('/support/tickets')).status).toBe(200);
  });

  it('replays the same random faults for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      await putFaults({ errorRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await get('/billing/invoices?limit=1')).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(200);
    expect(first.some((s) => s >= 500)).toBe(true);
    expect(await run()).toEqual(first);
    await putFaults({});
  });

  it('rejects invalid fault settings with 400 and keeps the old ones', async () => {
    await putFaults({ errorRate: 0 });
    for (const body of [{ errorRate: 2 }, { bogus: 1 }, { failNext: { count: 1 } }, [1]]) {
      const res = await putFaults(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    expect(() => api.setFaults({ slowRate: -1 })).toThrow(/invalid fault settings/);
    expect(await get('/_faults').then((r) => r.json())).toEqual({ errorRate: 0 });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the burst is spent, and recovers after waiting', async () => {
    const limited = await startSampleApi({ collections, token: TOKEN, rateLimit: { requestsPerSecond: 1, burst: 3 } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${limited.url}/billing/invoices?limit=1`, { headers: auth });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          expect(await res.json()).toEqual({ error: 'rate limited' });
        } else await res.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      // /healthz and the control endpoints are not limited.
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, Number(retryAfter) * 1000));
      expect((await fetch(`${limited.url}/billing/invoices?limit=1`, { headers: auth })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
