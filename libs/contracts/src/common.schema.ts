/** Building blocks shared by event payload schemas. */
export const sha256Schema = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;

export const objectRefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'sha256', 'bytes'],
  properties: { key: { type: 'string', minLength: 1 }, sha256: sha256Schema, bytes: { type: 'integer', minimum: 0 } },
} as const;

/** What every stage reports about its work, for run summaries and metrics. */
export const stageStatsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rowsIn', 'rowsOut', 'durationMs'],
  properties: {
    rowsIn: { type: 'integer', minimum: 0 },
    rowsOut: { type: 'integer', minimum: 0 },
    durationMs: { type: 'integer', minimum: 0 },
  },
} as const;

export const metricsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'],
  properties: {
    accuracy: { type: 'number' },
    precision: { type: 'number' },
    recall: { type: 'number' },
    f1: { type: 'number' },
    roc_auc: { type: 'number' },
  },
} as const;

/** A business date `yyyy-mm-dd`: the day a run describes. */
export const asOfSchema = { type: 'string', format: 'date' } as const;
