import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { createSampleApi } from './sample-api';
import { TOKEN, auth, sparseCollection } from './test-fixtures';

const collections = { invoices: sparseCollection('i', 10), tickets: sparseCollection('t', 10), cancellations: sparseCollection('c', 10) };

describe('createSampleApi', () => {
  it('returns a ready Fastify instance serving the contract (inject, no socket)', async () => {
    const app = await createSampleApi({ collections, token: TOKEN, faults: { failNext: { count: 1, status: 502 } } });
    try {
      expect((await app.inject({ url: '/billing/invoices' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/billing/invoices', headers: auth })).statusCode).toBe(502);
      const ok = await app.inject({ url: '/billing/invoices?limit=3', headers: auth });
      expect(ok.json()).toMatchObject({ data: [{ id: 'i-0' }, { id: 'i-1' }, { id: 'i-2' }] });
    } finally {
      await app.close();
    }
  });

  it.each([
    ['an empty token', { collections, token: '' }],
    ['a missing collection', { collections: { invoices: collections.invoices, tickets: collections.tickets }, token: TOKEN }],
    ['an unknown option', { collections, token: TOKEN, extra: true }],
    ['a bad rate limit', { collections, token: TOKEN, rateLimit: { requestsPerSecond: 0, burst: 1 } }],
    ['bad faults', { collections, token: TOKEN, faults: { errorRate: 1.5 } }],
  ])('rejects %s with CHURN_SAMPLE_OPTIONS_INVALID', async (_what, options) => {
    const err = await createSampleApi(options as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('CHURN_SAMPLE_OPTIONS_INVALID');
  });

  it('answers 500 (not a crash) when a record lacks updated_at under updated_since', async () => {
    const broken = { name: 'b', size: 2, get: () => ({ id: 'x' }) };
    const app = await createSampleApi({ collections: { ...collections, cancellations: broken }, token: TOKEN });
    try {
      const res = await app.inject({ url: '/cancellations?updated_since=2026-01-01T00:00:00Z', headers: auth });
      expect(res.statusCode).toBe(500);
      expect((await app.inject({ url: '/cancellations', headers: auth })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
