import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { createEvent, topicOf, type TypedEvent } from '@churn/contracts';
import { subscribeStage } from './stage-runner';
import { collectEvents, createTestContext, waitUntil } from './test-context';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
const request = (runId: string) => createEvent('pipeline.run-requested', { trigger: 'cli' }, { runId, producer: 'test' });
const ref = { key: 'raw/m.json', sha256: 'a'.repeat(64), bytes: 1 };
const completion = (source: string) => ({
  rowsIn: 3,
  rowsOut: 2,
  payload: {
    asOf: '2026-10-31',
    sources: [{ source, kind: 'csv' as const, format: 'csv' as const, ingestionRunId: 'ir-1', manifest: ref, snapshot: [ref], records: 3 }],
    artifactIds: ['x'],
  },
});

describe('subscribeStage', () => {
  let ctx: Ctx;
  afterEach(async () => ctx?.close());

  it('records the stage run with its stats and publishes the completion with them', async () => {
    ctx = await createTestContext('ingestion');
    const completions = collectEvents(ctx, topicOf('ingestion.completed'), 'observer');
    await subscribeStage(ctx, { stage: 'ingestion', consumes: 'pipeline.run-requested', produces: 'ingestion.completed', handle: async () => completion('crm') });
    await ctx.bus.publish(topicOf('pipeline.run-requested'), request('run-1'));
    await waitUntil(() => completions.length === 1);

    const event = completions[0] as TypedEvent<'ingestion.completed'>;
    expect(event).toMatchObject({ runId: 'run-1', producer: 'ingestion', payload: { sources: [{ source: 'crm' }], stats: { rowsIn: 3, rowsOut: 2 } } });
    const row = await ctx.db.prisma.stageRun.findUniqueOrThrow({ where: { runId_stage: { runId: 'run-1', stage: 'ingestion' } } });
    expect(row).toMatchObject({ status: 'succeeded', rowsIn: 3, rowsOut: 2 });
    expect((row.output as { id: string }).id).toBe(event.id);
    expect(await ctx.db.prisma.pipelineRun.findUnique({ where: { id: 'run-1' } })).toMatchObject({ status: 'running', trigger: 'cli' });
  }, 60_000);

  it('does the work once when an event is delivered twice, and re-announces the same result', async () => {
    ctx = await createTestContext('ingestion');
    const completions = collectEvents(ctx, topicOf('ingestion.completed'), 'observer');
    let calls = 0;
    await subscribeStage(ctx, {
      stage: 'ingestion',
      consumes: 'pipeline.run-requested',
      produces: 'ingestion.completed',
      handle: async () => {
        calls += 1;
        return completion('crm');
      },
    });
    const event = request('run-2');
    await ctx.bus.publish(topicOf('pipeline.run-requested'), event);
    await ctx.bus.publish(topicOf('pipeline.run-requested'), event);
    await waitUntil(() => completions.length === 2);
    expect(calls).toBe(1);
    expect(completions[0]?.id).toBe(completions[1]?.id);
  }, 60_000);

  it('retries a transient failure, and after the last attempt marks the run failed and says so', async () => {
    ctx = await createTestContext('validator', { BUS_RETRY_ATTEMPTS: '3' });
    const failures = collectEvents(ctx, topicOf('stage.failed'), 'observer-failed');
    const deadLetters = collectEvents(ctx, ctx.config.DEAD_LETTER_TOPIC, 'observer-dlq');
    let calls = 0;
    await subscribeStage(ctx, {
      stage: 'ingestion',
      consumes: 'pipeline.run-requested',
      produces: 'ingestion.completed',
      handle: async () => {
        calls += 1;
        throw new PlatformError('CHURN_TEST_FLAKY', 'source timed out', { retriable: true });
      },
    });
    await ctx.bus.publish(topicOf('pipeline.run-requested'), request('run-3'));
    await waitUntil(() => failures.length === 1 && deadLetters.length === 1);
    expect(calls).toBe(3);
    expect(failures[0]).toMatchObject({ runId: 'run-3', payload: { stage: 'ingestion', error: { code: 'CHURN_TEST_FLAKY', message: 'source timed out' } } });
    expect(deadLetters[0]?.payload).toMatchObject({ reason: 'handler-failed', attempts: 3, originalTopic: topicOf('pipeline.run-requested') });
    expect(await ctx.db.prisma.pipelineRun.findUnique({ where: { id: 'run-3' } })).toMatchObject({ status: 'failed' });
    expect(await ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId: 'run-3', stage: 'ingestion' } } })).toMatchObject({
      status: 'failed',
      error: { code: 'CHURN_TEST_FLAKY', message: 'source timed out' },
    });
  }, 60_000);

  it('halts a run on its data: publishes the halt event once, marks stage and run failed, retries and dead-letters nothing', async () => {
    ctx = await createTestContext('validator', { BUS_RETRY_ATTEMPTS: '3' });
    const halts = collectEvents(ctx, topicOf('validation.failed'), 'observer-halts');
    const completions = collectEvents(ctx, topicOf('validation.completed'), 'observer-completions');
    const deadLetters = collectEvents(ctx, ctx.config.DEAD_LETTER_TOPIC, 'observer-dlq');
    let calls = 0;
    await subscribeStage(ctx, {
      stage: 'validator',
      consumes: 'ingestion.completed',
      produces: 'validation.completed',
      halts: 'validation.failed',
      handle: async () => {
        calls += 1;
        return {
          rowsIn: 10,
          rowsOut: 0,
          halt: {
            reason: { code: 'CHURN_VALIDATION_FAILED', message: 'billing_invoices: row_count 10 is below 1000' },
            payload: {
              asOf: '2026-10-31',
              failed: [{ source: 'billing_invoices', report: ref, reportArtifactId: 'art_r', checks: [{ name: 'enough-rows', check: 'row_count', message: '10 < 1000' }] }],
              passed: [],
              artifactIds: ['art_r'],
            },
          },
        };
      },
    });
    const input = createEvent('ingestion.completed', { ...completion('billing_invoices').payload, stats: { rowsIn: 10, rowsOut: 10, durationMs: 1 } }, { runId: 'run-4', producer: 'test' });
    await ctx.bus.publish(topicOf('ingestion.completed'), input);
    await waitUntil(() => halts.length === 1);
    // Redelivered: the stored halt event is announced again, the work is not redone.
    await ctx.bus.publish(topicOf('ingestion.completed'), input);
    await waitUntil(() => halts.length === 2);
    expect(calls).toBe(1);
    expect(halts[0]?.id).toBe(halts[1]?.id);
    expect(halts[0]).toMatchObject({ runId: 'run-4', payload: { failed: [{ source: 'billing_invoices' }], stats: { rowsIn: 10, rowsOut: 0 } } });
    expect(completions).toHaveLength(0);
    expect(deadLetters).toHaveLength(0);
    expect(await ctx.db.prisma.pipelineRun.findUnique({ where: { id: 'run-4' } })).toMatchObject({ status: 'failed' });
    expect(await ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId: 'run-4', stage: 'validator' } } })).toMatchObject({
      status: 'failed',
      error: { code: 'CHURN_VALIDATION_FAILED', message: 'billing_invoices: row_count 10 is below 1000' },
    });
  }, 60_000);
});
