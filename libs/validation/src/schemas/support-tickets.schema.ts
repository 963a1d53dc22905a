import { COMPANY_ENUMS as E } from './enums';
import { customerIdField, enumOf, numberIn, type SchemaBounds, timestamp, updatedAtField } from './schema-parts';

/** Fields of a support_tickets record, in API order. */
export const SUPPORT_TICKET_COLUMNS = [
  'ticket_id', 'customer_id', 'opened_at', 'closed_at', 'category', 'priority', 'status', 'satisfaction', 'updated_at',
] as const;

/** Typed support_tickets record: closed_at is null while open, satisfaction when not rated. */
export function supportTicketsSchema(b: SchemaBounds) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://churn.platform/schemas/company/support_tickets.json',
    title: 'support_tickets record',
    type: 'object',
    additionalProperties: false,
    required: [...SUPPORT_TICKET_COLUMNS],
    properties: {
      ticket_id: { type: 'string', pattern: '^TCK-[0-9]{7,}-[0-9]{2,}$' },
      customer_id: customerIdField,
      opened_at: timestamp(false, b.minDay, b.maxTimestamp),
      closed_at: timestamp(true, b.minDay, b.maxTimestamp),
      category: enumOf(E.ticket_category),
      priority: enumOf(E.ticket_priority),
      status: enumOf(E.ticket_status, false),
      satisfaction: numberIn('integer', true, 1, 5),
      updated_at: updatedAtField(b),
    },
  } as const;
}
