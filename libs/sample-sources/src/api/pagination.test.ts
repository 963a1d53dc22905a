import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionFromArray } from '../record-collection';
import { type RunningSampleApi, startSampleApi } from './sample-api';
import { TOKEN, auth, expectedIds, sparseCollection } from './test-fixtures';

const invoices = sparseCollection('inv', 2537);
const tickets = sparseCollection('tkt', 1234);
const cancellations = sparseCollection('can', 987);
const SINCE = '2026-01-01T08:00:00Z';

let api: RunningSampleApi;
beforeAll(async () => {
  api = await startSampleApi({ collections: { invoices, tickets, cancellations }, token: TOKEN });
});
afterAll(() => api.close());

async function getJson(url: string): Promise<{ res: Response; body: unknown }> {
  const res = await fetch(url, { headers: auth });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { res, body: await res.json() };
}

async function walkCursor(base: string, limit: number, since?: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    if (since) q.set('updated_since', since);
    const { body } = await getJson(`${base}/billing/invoices?${q}`);
    const page = body as { data: { id: string }[]; next_cursor: string | null };
    ids.push(...page.data.map((r) => r.id));
    cursor = page.next_cursor;
    pages++;
    if (cursor !== null) expect(page.data).toHaveLength(limit);
  } while (cursor !== null);
  return { ids, pages };
}

async function walkLinks(first: string): Promise<{ ids: string[]; links: string[] }> {
  const ids: string[] = [];
  const links: string[] = [];
  let next: string | undefined = first;
  while (next !== undefined) {
    const { res, body } = await getJson(next);
    ids.push(...(body as { id: string }[]).map((r) => r.id));
    const link = res.headers.get('link');
    next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
    if (link) {
      expect(next).toBeDefined();
      links.push(next!);
    }
  }
  return { ids, links };
}

async function walkOffsets(base: string, limit: number, since?: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let offset = 0;
  let total = 0;
  do {
    const q = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    if (since) q.set('updated_since', since);
    const { body } = await getJson(`${base}/cancellations?${q}`);
    const page = body as { items: { id: string }[]; total: number; offset: number; limit: number };
    expect(page.offset).toBe(offset);
    expect(page.limit).toBe(limit);
    ids.push(...page.items.map((r) => r.id));
    total = page.total;
    offset += limit;
  } while (offset < total);
  return { ids, total };
}

describe('cursor pagination (/billing/invoices)', () => {
  it('walks the whole collection exactly once, in index order', async () => {
    const { ids, pages } = await walkCursor(api.url, 100);
    expect(ids).toEqual(expectedIds(invoices));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 100));
  });

  it('walks only records updated after updated_since', async () => {
    const expected = expectedIds(invoices, SINCE);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(expectedIds(invoices).length);
    const { ids } = await walkCursor(api.url, 37, SINCE);
    expect(ids).toEqual(expected);
  });

  it('defaults limit to 100 and returns an opaque cursor', async () => {
    const { body } = await getJson(`${api.url}/billing/invoices`);
    const page = body as { data: unknown[]; next_cursor: string };
    expect(page.data).toHaveLength(100);
    expect(page.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('page pagination with Link (/support/tickets)', () => {
  it('follows absolute next links through every record once; the last page has none', async () => {
    const { ids, links } = await walkLinks(`${api.url}/support/tickets?per_page=100`);
    expect(ids).toEqual(expectedIds(tickets));
    expect(links).toHaveLength(Math.ceil(ids.length / 100) - 1);
    for (const [n, link] of links.entries()) {
      expect(link).toBe(`${api.url}/support/tickets?page=${n + 2}&per_page=100`);
    }
  });

  it('carries updated_since in the next links', async () => {
    const { ids, links } = await walkLinks(`${api.url}/support/tickets?per_page=50&updated_since=${encodeURIComponent(SINCE)}`);
    expect(ids).toEqual(expectedIds(tickets, SINCE));
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) expect(new URL(link).searchParams.get('updated_since')).toBe(SINCE);
  });

  it('has no Link and no empty trailing page when the last page is exactly full', async () => {
    const exact = await startSampleApi({
      collections: { invoices, tickets: sparseCollection('x', 300, 0), cancellations },
      token: TOKEN,
    });
    try {
      const { ids, links } = await walkLinks(`${exact.url}/support/tickets?per_page=100`);
      expect(ids).toHaveLength(300);
      expect(links).toHaveLength(2);
      const beyond = await getJson(`${exact.url}/support/tickets?page=4&per_page=100`);
      expect(beyond.body).toEqual([]);
      expect(beyond.res.headers.get('link')).toBeNull();
    } finally {
      await exact.close();
    }
  });
});

describe('offset pagination (/cancellations)', () => {
  it('walks the whole collection exactly once with a correct total', async () => {
    const { ids, total } = await walkOffsets(api.url, 100);
    const expected = expectedIds(cancellations);
    expect(total).toBe(expected.length);
    expect(ids).toEqual(expected);
  });

  it('counts and walks only records updated after updated_since', async () => {
    const expected = expectedIds(cancellations, SINCE);
    const { ids, total } = await walkOffsets(api.url, 33, SINCE);
    expect(total).toBe(expected.length);
    expect(ids).toEqual(expected);
  });

  it('answers an offset past the end with no items', async () => {
    const { body } = await getJson(`${api.url}/cancellations?offset=5000&limit=10`);
    expect(body).toEqual({ items: [], total: expectedIds(cancellations).length, offset: 5000, limit: 10 });
  });
});

describe('empty collections', () => {
  it('serve empty pages without next links', async () => {
    const empty = collectionFromArray('empty', []);
    const e = await startSampleApi({ collections: { invoices: empty, tickets: empty, cancellations: empty }, token: TOKEN });
    try {
      expect((await getJson(`${e.url}/billing/invoices`)).body).toEqual({ data: [], next_cursor: null });
      const t = await getJson(`${e.url}/support/tickets`);
      expect(t.body).toEqual([]);
      expect(t.res.headers.get('link')).toBeNull();
      expect((await getJson(`${e.url}/cancellations`)).body).toEqual({ items: [], total: 0, offset: 0, limit: 100 });
    } finally {
      await e.close();
    }
  });
});
