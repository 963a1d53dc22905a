/** Test support: a validator service in a test context, fed ingestion.completed events, with its answers collected. Not exported. */
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type TypedEvent } from '@churn/contracts';
import { createArtifactWriter, type ArtifactWriter } from '@churn/lineage';
import { createTestContext, waitUntil } from '@churn/service';
import type { IngestedSource } from './test-raw-lake';
import { validationService } from './validation.service';

export type Completed = TypedEvent<'validation.completed'>;
export type Failed = TypedEvent<'stage.failed'>;
export type Halted = TypedEvent<'validation.failed'>;

export const AS_OF = '2026-10-31';

/** Starts the validator on a fresh test context; `validateRun` publishes an ingestion.completed and waits for its answer. */
export async function startTestValidator(env: Record<string, string> = {}) {
  const ctx = await createTestContext('validator', env, validationService);
  const artifacts: ArtifactWriter = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
  const completions: EventEnvelope[] = [];
  const failures: EventEnvelope[] = [];
  const halts: EventEnvelope[] = [];
  const deadLetters: EventEnvelope[] = [];
  await ctx.bus.subscribe({ group: 'observer', topics: [topicOf('validation.completed')], handler: async (e) => void completions.push(e) });
  await ctx.bus.subscribe({ group: 'observer-failed', topics: [topicOf('stage.failed')], handler: async (e) => void failures.push(e) });
  await ctx.bus.subscribe({ group: 'observer-halted', topics: [topicOf('validation.failed')], handler: async (e) => void halts.push(e) });
  await ctx.bus.subscribe({ group: 'observer-dlq', topics: [ctx.config.DEAD_LETTER_TOPIC], handler: async (e) => void deadLetters.push(e) });
  await validationService.start!(ctx);

  async function validateRun(runId: string, sources: IngestedSource[]): Promise<{ completed?: Completed; failed?: Failed; halted?: Halted }> {
    const payload = { asOf: AS_OF, sources, artifactIds: [], stats: { rowsIn: 0, rowsOut: 0, durationMs: 0 } };
    await ctx.bus.publish(topicOf('ingestion.completed'), createEvent('ingestion.completed', payload, { runId, producer: 'ingestion' }));
    const mine = (e: EventEnvelope) => e.runId === runId;
    await waitUntil(() => completions.some(mine) || failures.some(mine) || halts.some(mine), 60_000);
    return {
      completed: completions.find(mine) as Completed | undefined,
      failed: failures.find(mine) as Failed | undefined,
      halted: halts.find(mine) as Halted | undefined,
    };
  }

  async function readNdjson(key: string): Promise<Record<string, unknown>[]> {
    const text = (await ctx.storage.getBuffer(key)).toString('utf8');
    return text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  return { ctx, artifacts, validateRun, readNdjson, deadLetters, completions };
}
