import { COMPANY_ENUMS as E } from './enums';
import { customerIdField, day, enumOf, type SchemaBounds, updatedAtField } from './schema-parts';

/** Fields of a cancellations record, in API order. */
export const CANCELLATION_COLUMNS = ['customer_id', 'cancelled_at', 'reason', 'channel', 'updated_at'] as const;

/** Typed cancellations record (the churn label): the date is required, the survey answers are not. */
export function cancellationsSchema(b: SchemaBounds) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://churn.platform/schemas/company/cancellations.json',
    title: 'cancellations record',
    type: 'object',
    additionalProperties: false,
    required: [...CANCELLATION_COLUMNS],
    properties: {
      customer_id: customerIdField,
      cancelled_at: day(false, b.minDay, b.maxDay),
      reason: enumOf(E.cancellation_reason),
      channel: enumOf(E.cancellation_channel),
      updated_at: updatedAtField(b),
    },
  } as const;
}
