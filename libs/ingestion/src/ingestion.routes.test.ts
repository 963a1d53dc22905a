import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServiceApp, createTestContext, type ServiceContext } from '@churn/service';
import { acquireSourceLease } from './source-lease';
import { ingestionService } from './ingestion.service';

describe('ingestion HTTP API', () => {
  let ctx: ServiceContext & { close(): Promise<void> };
  let app: FastifyInstance;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingestion-api-'));
    writeFileSync(join(dir, 'crm.csv'), 'customer_id,x\nC1,1\nC2,2\n');
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({
        sources: [
          { name: 'crm_customers', kind: 'csv', csv: { location: join(dir, 'crm.csv') } },
          { name: 'broken', kind: 'csv', csv: { location: join(dir, 'nope.csv') } },
        ],
      }),
    );
    ctx = await createTestContext('ingestion', { SOURCES_FILE: join(dir, 'sources.json'), INGESTION_SCHEDULES: 'false' }, ingestionService);
    app = await buildServiceApp(ingestionService, ctx);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const waitForRun = async (id: string) => {
    for (let i = 0; i < 400; i += 1) {
      const response = await app.inject(`/ingestions/${id}`);
      if (response.statusCode === 200 && response.json().status !== 'running') return response.json();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`run ${id} did not finish`);
  };

  it('runs one source now and shows the run with its counts', async () => {
    const started = await app.inject({ method: 'POST', url: '/ingestions', payload: { source: 'crm_customers' } });
    expect(started.statusCode).toBe(202);
    const run = await waitForRun(started.json().id);
    expect(run).toMatchObject({ source: 'crm_customers', trigger: 'api', status: 'succeeded', records: 2, parts: 1 });
    expect(run.manifestKey).toMatch(/^raw\/source=crm_customers\/type=csv\/ingest_date=\d{4}-\d\d-\d\d\/run=.+\/_manifest\.json$/);
  });

  it('records a failing source as failed with the reason, and lists runs newest first', async () => {
    const started = await app.inject({ method: 'POST', url: '/ingestions', payload: { source: 'broken' } });
    const run = await waitForRun(started.json().id);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'CHURN_INGESTION_SOURCE_NOT_FOUND' } });
    const list = (await app.inject('/ingestions?limit=10')).json();
    expect(list.map((r: { source: string }) => r.source)).toEqual(['broken', 'crm_customers']);
    expect((await app.inject('/ingestions?status=failed')).json()).toHaveLength(1);
  });

  it('answers 404 for an unknown source or run, 409 while the source is busy, 400 for a bad body', async () => {
    expect((await app.inject({ method: 'POST', url: '/ingestions', payload: { source: 'nope' } })).statusCode).toBe(404);
    expect((await app.inject('/ingestions/does-not-exist')).json().code).toBe('CHURN_INGESTION_RUN_NOT_FOUND');
    expect((await app.inject({ method: 'POST', url: '/ingestions', payload: {} })).statusCode).toBe(400);
    await acquireSourceLease(ctx.db.prisma, 'crm_customers', 'another-run', 60_000);
    const busy = await app.inject({ method: 'POST', url: '/ingestions', payload: { source: 'crm_customers' } });
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'CHURN_INGESTION_SOURCE_BUSY', details: { ingestionRunId: 'another-run' } });
    await ctx.db.prisma.sourceLease.deleteMany({});
  });

  it('lists sources with their last run', async () => {
    const sources = (await app.inject('/sources')).json();
    expect(sources.map((s: { name: string; lastRun: { status: string } }) => `${s.name}:${s.lastRun.status}`)).toEqual([
      'crm_customers:succeeded',
      'broken:failed',
    ]);
  });
});
