import { sha256Schema } from './common.schema';

/**
 * The manifest of one ingestion run, written last in the run's folder of the
 * raw zone: a reader that finds it knows every part it lists is complete.
 * A part may point at an identical object stored by an earlier run (`reused`).
 */
export const rawManifestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['manifestVersion', 'source', 'kind', 'format', 'ingestionRunId', 'trigger', 'startedAt', 'finishedAt', 'records', 'bytes', 'parts'],
  properties: {
    manifestVersion: { const: 2 },
    source: { type: 'string' },
    kind: { type: 'string', enum: ['csv', 'rest', 'postgres'] },
    format: { type: 'string', enum: ['csv', 'ndjson'] },
    location: { type: 'string' },
    ingestionRunId: { type: 'string' },
    pipelineRunId: { type: 'string' },
    trigger: { type: 'string', enum: ['schedule', 'api', 'pipeline'] },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    records: { type: 'integer', minimum: 0 },
    bytes: { type: 'integer', minimum: 0 },
    watermarkBefore: { type: 'string' },
    watermarkAfter: { type: 'string' },
    requests: { type: 'integer', minimum: 0 },
    retries: { type: 'integer', minimum: 0 },
    parseError: { type: 'string' },
    parts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'key', 'sha256', 'bytes', 'contentType', 'reused'],
        properties: {
          name: { type: 'string' },
          key: { type: 'string' },
          sha256: sha256Schema,
          bytes: { type: 'integer', minimum: 0 },
          records: { type: 'integer', minimum: 0 },
          contentType: { type: 'string' },
          reused: { type: 'boolean' },
        },
      },
    },
  },
} as const;
