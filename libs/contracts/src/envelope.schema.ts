/** The envelope every event travels in; `payload` is checked against the schema of `type`@`version`. */
export const envelopeSchema = {
  $id: 'https://churn.dev/schemas/envelope.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'version', 'runId', 'producer', 'time', 'payload'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 128 },
    type: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' },
    version: { type: 'integer', minimum: 1 },
    runId: { type: 'string', minLength: 1, maxLength: 128 },
    producer: { type: 'string', minLength: 1, maxLength: 64 },
    time: { type: 'string', format: 'date-time' },
    /** The project whose declarations the event's run used: its name and content-hash version. */
    project: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { type: 'string', minLength: 1, maxLength: 63 }, version: { type: 'string', minLength: 1, maxLength: 64 } },
    },
    payload: { type: 'object' },
  },
} as const;
