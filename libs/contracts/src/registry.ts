import type { FromSchema } from 'json-schema-to-ts';
import {
  busDeadLetteredV1,
  featuresComputedV3,
  featuresMaterializedV3,
  ingestionCompletedV2,
  ingestionFailedV1,
  modelDeployedV1,
  modelRegisteredV1,
  pipelineRunRequestedV1,
  preparationCompletedV2,
  stageFailedV1,
  validationCompletedV2,
  validationFailedV1,
} from './events.schema';

/** Every event type the platform publishes, with its current version and payload schema. */
export const eventTypes = {
  'pipeline.run-requested': { version: 1, schema: pipelineRunRequestedV1 },
  'ingestion.completed': { version: 2, schema: ingestionCompletedV2 },
  'ingestion.failed': { version: 1, schema: ingestionFailedV1 },
  'validation.completed': { version: 2, schema: validationCompletedV2 },
  'validation.failed': { version: 1, schema: validationFailedV1 },
  'preparation.completed': { version: 2, schema: preparationCompletedV2 },
  'features.computed': { version: 3, schema: featuresComputedV3 },
  'features.materialized': { version: 3, schema: featuresMaterializedV3 },
  'model.registered': { version: 1, schema: modelRegisteredV1 },
  'model.deployed': { version: 1, schema: modelDeployedV1 },
  'stage.failed': { version: 1, schema: stageFailedV1 },
  'bus.dead-lettered': { version: 1, schema: busDeadLetteredV1 },
} as const;

export type EventType = keyof typeof eventTypes;

/** Payload types, derived from the JSON Schemas one by one (a generic lookup is too deep for the compiler). */
export interface EventPayloads {
  'pipeline.run-requested': FromSchema<typeof pipelineRunRequestedV1>;
  'ingestion.completed': FromSchema<typeof ingestionCompletedV2>;
  'ingestion.failed': FromSchema<typeof ingestionFailedV1>;
  'validation.completed': FromSchema<typeof validationCompletedV2>;
  'validation.failed': FromSchema<typeof validationFailedV1>;
  'preparation.completed': FromSchema<typeof preparationCompletedV2>;
  'features.computed': FromSchema<typeof featuresComputedV3>;
  'features.materialized': FromSchema<typeof featuresMaterializedV3>;
  'model.registered': FromSchema<typeof modelRegisteredV1>;
  'model.deployed': FromSchema<typeof modelDeployedV1>;
  'stage.failed': FromSchema<typeof stageFailedV1>;
  'bus.dead-lettered': FromSchema<typeof busDeadLetteredV1>;
}

/** Payload type of an event type. */
export type EventPayload<T extends EventType> = EventPayloads[T];

/** The topic an event type travels on: one topic per type and version. */
export function topicOf(type: EventType): string {
  return `churn.${type}.v${eventTypes[type].version}`;
}
