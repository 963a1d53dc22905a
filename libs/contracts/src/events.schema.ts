import { asOfSchema, metricsSchema, objectRefSchema, sha256Schema, stageStatsSchema } from './common.schema';


/** Asks ingestion to start a pipeline run; published by the CLI, the API or a schedule. */
export const pipelineRunRequestedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
      trigger: { type: 'string', enum: ['cli', 'api', 'schedule', 'embedded'] },
      sources: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
      /** The business date the run describes; defaults to the UTC date the run starts. */
      asOf: asOfSchema,
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
    asOf: asOfSchema,
    sources: { type: 'array', minItems: 1, items: ingestedSourceSchema },
    artifactIds: { type: 'array', items: { type: 'string' } },
    stats: stageStatsSchema,
  },
  required: ['asOf', 'sources', 'artifactIds', 'stats'],
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

/** One source's validation outcome: the rows that passed, the quarantine and the report. */
const validatedSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'valid', 'quarantine', 'report', 'validArtifactId', 'reportArtifactId', 'rowsIn', 'rowsValid', 'rowsQuarantined'],
  properties: {
    source: { type: 'string', minLength: 1 },
    /** Typed records (NDJSON), one per key: the newest version when an increment re-delivered a key. */
    valid: objectRefSchema,
    /**
     * The same records as Parquet (`valid.parquet` beside `valid.ndjson`), every column typed: VARCHAR, BIGINT, DOUBLE,
     * BOOLEAN, DATE, TIMESTAMP (UTC). Absent in events of validators that did not write one.
     */
    validParquet: objectRefSchema,
    /** Failing records (NDJSON) with their reasons. */
    quarantine: objectRefSchema,
    /** The data-quality report (JSON); CSV and other renderings sit next to it. */
    report: objectRefSchema,
    validArtifactId: { type: 'string' },
    reportArtifactId: { type: 'string' },
    rowsIn: { type: 'integer', minimum: 0 },
    rowsValid: { type: 'integer', minimum: 0 },
    rowsQuarantined: { type: 'integer', minimum: 0 },
    /** Older versions of keys that a later increment replaced (neither valid nor quarantined). */
    rowsSuperseded: { type: 'integer', minimum: 0 },
    /** Warnings by rule (they quarantine nothing). */
    warnings: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    /**
     * The schema its valid records satisfy (`schema.json` beside them, see validRecordsSchemaSchema): per column type,
     * required, enum and format. Absent in events of validators that did not publish one.
     */
    schema: objectRefSchema,
  },
} as const;

/** Every source of a run has been checked against its expectation suite. */
export const validationCompletedV2 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: asOfSchema,
    sources: { type: 'array', minItems: 1, items: validatedSourceSchema },
    /** Sources of the run that were not validated, and why (e.g. no expectation suite). */
    skipped: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['source', 'reason'],
        properties: { source: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    artifactIds: { type: 'array', items: { type: 'string' } },
    stats: stageStatsSchema,
  },
  required: ['asOf', 'sources', 'skipped', 'artifactIds', 'stats'],
} as const;

/** Validation stopped a run: a source failed an `error`-level check that is not about single rows. */
export const validationFailedV1 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: asOfSchema,
    /** The sources that failed, each with its report and the checks that stopped it. */
    failed: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['source', 'report', 'reportArtifactId', 'checks'],
        properties: {
          source: { type: 'string', minLength: 1 },
          report: objectRefSchema,
          reportArtifactId: { type: 'string' },
          /** The rows that passed the row rules, held in the quarantine zone with the batch (never in validated/). */
          heldBatch: objectRefSchema,
          checks: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'check', 'message'],
              properties: {
                name: { type: 'string' },
                check: { type: 'string' },
                column: { type: 'string' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
    },
    /** Sources that passed; their validated data is stored but nothing downstream runs on this run. */
    passed: { type: 'array', items: { type: 'string' } },
    artifactIds: { type: 'array', items: { type: 'string' } },
    stats: stageStatsSchema,
  },
  required: ['asOf', 'failed', 'passed', 'artifactIds', 'stats'],
} as const;

/** One prepared dataset: a clean, typed table in the lake. */
const preparedDatasetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'sources', 'dataset', 'artifactId', 'rows'],
  properties: {
    /** The dataset's name in the project's datasets.json. */
    name: { type: 'string', minLength: 1 },
    /** Sources it was made from. */
    sources: { type: 'array', minItems: 1, items: { type: 'string' } },
    /** Parquet, typed columns. */
    dataset: objectRefSchema,
    artifactId: { type: 'string' },
    rows: { type: 'integer', minimum: 0 },
  },
} as const;

/** Clean datasets for EDA and feature engineering, with the fitted preparation parameters. */
export const preparationCompletedV2 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: asOfSchema,
    datasets: { type: 'array', minItems: 1, items: preparedDatasetSchema },
    /** Imputation, encoding and scaling parameters fitted on this run's data (JSON). */
    params: objectRefSchema,
    paramsArtifactId: { type: 'string' },
    stats: stageStatsSchema,
  },
  required: ['asOf', 'datasets', 'params', 'paramsArtifactId', 'stats'],
} as const;

/** Fields that features.computed and features.materialized share: which feature set, and the labels to train on. */
const featureSetOutputProperties = {
  /** The project's feature view (features.json). */
  featureView: { type: 'string', minLength: 1 },
  /** Content-hashed: the same project version, inputs and observation times give the same id (`fs_<16 hex>`). */
  featureSetId: { type: 'string', pattern: '^fs_[0-9a-f]{16}$' },
  asOf: asOfSchema,
  /** status: one snapshot, labelled from the entity's status column; event: labels from churn events after each time. */
  labelKind: { enum: ['status', 'event'] },
  /** Observation times of the training rows, oldest first (each with its label in `labels`); for a status label, the serving time. */
  trainingTimestamps: { type: 'array', minItems: 1, items: { type: 'string', format: 'date-time' } },
  /** Observation time of the rows the online store serves (the end of the as-of date). */
  servingTimestamp: { type: 'string', format: 'date-time' },
  /** Event labels: days after an observation time within which a churn event counts. */
  horizonDays: { type: 'integer', minimum: 1 },
  /** Parquet `entity_key, event_timestamp, <served features...>`: every observation time's rows. */
  features: objectRefSchema,
  featuresArtifactId: { type: 'string' },
  /** Parquet `entity_key, event_timestamp, label` (0/1): the labelled training rows. */
  labels: objectRefSchema,
  labelsArtifactId: { type: 'string' },
  /** The prepared datasets the features were computed from. */
  datasetArtifactIds: { type: 'array', minItems: 1, items: { type: 'string' } },
  stats: stageStatsSchema,
} as const;
const featureSetOutputRequired = [
  'featureView', 'featureSetId', 'asOf', 'labelKind', 'trainingTimestamps', 'servingTimestamp',
  'features', 'featuresArtifactId', 'labels', 'labelsArtifactId', 'datasetArtifactIds', 'stats',
] as const;

/** A new feature set: point-in-time rows per entity and observation time, and labels, in the lake. */
export const featuresComputedV3 = {
  type: 'object',
  additionalProperties: false,
  properties: featureSetOutputProperties,
  required: featureSetOutputRequired,
} as const;

/** The feature set is in the offline store under a version of its view, and its serving rows in the online store. */
export const featuresMaterializedV3 = {
  type: 'object',
  additionalProperties: false,
  properties: { ...featureSetOutputProperties, featureSetVersion: { type: 'integer', minimum: 1 } },
  required: [...featureSetOutputRequired, 'featureSetVersion'],
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
