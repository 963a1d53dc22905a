/**
 * What the validator promises about one source's valid records: published as
 * `schema.json` beside `valid.ndjson`, so the data contract travels with the
 * data and readers (the preparer) need not know the validator's suites. Only
 * rules whose failure quarantines a row (severity error) are promised here.
 */
export const validRecordsSchemaSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'source', 'key', 'columns'],
  properties: {
    schemaVersion: { const: 1 },
    source: { type: 'string', minLength: 1 },
    /** Key columns: one valid record per key. */
    key: { type: 'array', items: { type: 'string', minLength: 1 } },
    /** Every column of a record, in the order the records hold them. */
    columns: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type', 'required'],
        properties: {
          name: { type: 'string', minLength: 1 },
          /** date: `yyyy-mm-dd` text; timestamp: ISO-8601 text; the others their JSON type. */
          type: { type: 'string', enum: ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] },
          /** Never null when true; otherwise a missing value is `null`. */
          required: { type: 'boolean' },
          /** Every value a present cell may hold, in the order the suite declares them. */
          enum: { type: 'array', minItems: 1, items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
          format: { type: 'string', enum: ['email', 'uuid'] },
        },
      },
    },
  },
} as const;
