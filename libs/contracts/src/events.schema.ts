import { metricsSchema, objectRefSchema, sha256Schema, stageStatsSchema } from './common.schema';


/** Asks ingestion to start a pipeline run; published by the CLI, the API or a schedule. */
export const pipelineRunRequestedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      trigger: { type: 'string', enum: ['cli', 'api', 'schedule', 'embedded'] },
      sources: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    },
  required: ['trigger'],
} as const;

/** One source's contribution to a pipeline run. */
const ingestedSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'kind', 'format', 'ingestionRunId', 'manifest', 'snapshot', 'records'],
  properties: {
    source: { type: 'string', minLength: 1 },
    kind: { type: 'string', enum: ['csv', 'rest', 'postgres'] },
    format: { type: 'string', enum: ['csv', 'ndjson'] },
    ingestionRunId: { type: 'string' },
    /** This run's manifest. */
    manifest: objectRefSchema,
    /** Manifests that together hold the source's current state, oldest first: the latest alone for snapshot sources, every increment for incremental ones. */
    snapshot: { type: 'array', minItems: 1, items: objectRefSchema },
    records: { type: 'integer', minimum: 0 },
  },
} as const;

/** Every source of a pipeline run has landed in the raw zone. */
export const ingestionCompletedV2 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sources: { type: 'array', minItems: 1, items: ingestedSourceSchema },
    artifactIds: { type: 'array', items: { type: 'string' } },
    stats: stageStatsSchema,
  },
  required: ['sources', 'artifactIds', 'stats'],
} as const;

/** An ingestion run of one source gave up (after the connector's retries). */
export const ingestionFailedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source: { type: 'string' },
    ingestionRunId: { type: 'string' },
    trigger: { type: 'string', enum: ['schedule', 'api', 'pipeline'] },
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
  required: ['source', 'ingestionRunId', 'trigger', 'error'],
} as const;

export const validationCompletedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      source: { type: 'string', minLength: 1 },
      valid: objectRefSchema,
      quarantine: objectRefSchema,
      report: objectRefSchema,
      artifactIds: { type: 'array', items: { type: 'string' } },
      stats: stageStatsSchema,
    },
  required: ['source', 'valid', 'quarantine', 'report', 'artifactIds', 'stats'],
} as const;

export const preparationCompletedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      dataset: objectRefSchema,
      params: objectRefSchema,
      datasetArtifactId: { type: 'string' },
      stats: stageStatsSchema,
    },
  required: ['dataset', 'params', 'datasetArtifactId', 'stats'],
} as const;

export const featuresComputedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      featureSetId: { type: 'string' },
      featureSetName: { type: 'string' },
      featureSetVersion: { type: 'integer', minimum: 1 },
      datasetArtifactId: { type: 'string' },
      stats: stageStatsSchema,
    },
  required: ['featureSetId', 'featureSetName', 'featureSetVersion', 'datasetArtifactId', 'stats'],
} as const;

export const featuresMaterializedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      featureView: { type: 'string' },
      featureSetId: { type: 'string' },
      featureSetVersion: { type: 'integer', minimum: 1 },
      datasetArtifactId: { type: 'string' },
      stats: stageStatsSchema,
    },
  required: ['featureView', 'featureSetId', 'featureSetVersion', 'datasetArtifactId', 'stats'],
} as const;

export const modelRegisteredV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      modelId: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      algorithm: { type: 'string' },
      artifact: objectRefSchema,
      metrics: metricsSchema,
      stats: stageStatsSchema,
    },
  required: ['modelId', 'name', 'version', 'algorithm', 'artifact', 'metrics', 'stats'],
} as const;

export const modelDeployedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      name: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      sha256: sha256Schema,
      stats: stageStatsSchema,
    },
  required: ['name', 'version', 'sha256', 'stats'],
} as const;

/** A stage gave up on a run: published after the handler's retries, beside the dead-letter record. */
export const stageFailedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      stage: { type: 'string' },
      causeEventId: { type: 'string' },
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  required: ['stage', 'causeEventId', 'error'],
} as const;

/** What the bus writes to the dead-letter topic: the original message and why it could not be handled. */
export const busDeadLetteredV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    originalTopic: { type: 'string' },
    partition: { type: 'integer' },
    offset: { type: 'string' },
    group: { type: 'string' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    value: { type: 'string' },
    reason: { type: 'string', enum: ['invalid-event', 'handler-failed'] },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' } },
      },
    },
    attempts: { type: 'integer', minimum: 0 },
    deadLetteredAt: { type: 'string', format: 'date-time' },
  },
  required: ['originalTopic', 'partition', 'offset', 'group', 'headers', 'value', 'reason', 'errors', 'attempts', 'deadLetteredAt'],
} as const;
