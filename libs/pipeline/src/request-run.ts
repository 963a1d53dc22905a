import { randomUUID } from 'node:crypto';
import type { Bus } from '@churn/bus';
import { createEvent, topicOf } from '@churn/contracts';

/** Starts a pipeline run by publishing its request; returns the run id. */
export async function requestPipelineRun(
  bus: Bus,
  options: { trigger: 'cli' | 'api' | 'schedule' | 'embedded'; sources?: string[]; asOf?: string; producer: string },
): Promise<string> {
  const runId = randomUUID();
  const payload = {
    trigger: options.trigger,
    ...(options.sources ? { sources: options.sources } : {}),
    ...(options.asOf ? { asOf: options.asOf } : {}),
  };
  await bus.publish(topicOf('pipeline.run-requested'), createEvent('pipeline.run-requested', payload, { runId, producer: options.producer }));
  return runId;
}
