import { Ajv } from 'ajv';
import { PlatformError } from '@churn/core';
import type { EventCodec, EventEnvelope } from './bus';

// Test-only stand-in for @churn/contracts' codec: checks the envelope shape only.
const ajv = new Ajv({ allErrors: true, strict: true });
const validateEnvelope = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'version', 'runId', 'producer', 'time', 'payload'],
  properties: {
    id: { type: 'string', minLength: 1 },
    type: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' },
    version: { type: 'integer', minimum: 1 },
    runId: { type: 'string', minLength: 1 },
    producer: { type: 'string', minLength: 1 },
    time: { type: 'string', minLength: 1 },
    payload: { type: 'object' },
  },
});

/** Envelope-only codec for the bus tests; throws CHURN_TEST_INVALID_EVENT (non-retriable). */
export const testCodec: EventCodec = {
  validate(raw: unknown): EventEnvelope {
    if (!validateEnvelope(raw)) {
      throw new PlatformError('CHURN_TEST_INVALID_EVENT', `invalid envelope: ${ajv.errorsText(validateEnvelope.errors)}`);
    }
    return raw as EventEnvelope;
  },
};
