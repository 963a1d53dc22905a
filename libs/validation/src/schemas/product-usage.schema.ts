import { customerIdField, day, numberIn, type SchemaBounds, updatedAtField } from './schema-parts';

/** Columns of product_usage_daily, in table order. */
export const PRODUCT_USAGE_COLUMNS = ['customer_id', 'day', 'sessions', 'minutes', 'data_mb', 'features_used', 'updated_at'] as const;

/**
 * Typed product_usage_daily row (one customer-day). The measures may be null
 * (a gap in metering), never negative, and bounded by what one day allows.
 */
export function productUsageSchema(b: SchemaBounds) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://churn.platform/schemas/company/product_usage.json',
    title: 'product_usage_daily row',
    type: 'object',
    additionalProperties: false,
    required: [...PRODUCT_USAGE_COLUMNS],
    properties: {
      customer_id: customerIdField,
      day: day(false, b.minDay, b.maxDay),
      sessions: numberIn('integer', true, 0, 1000),
      minutes: numberIn('number', true, 0, 1440),
      // 1 TB a day is far beyond any household line.
      data_mb: numberIn('number', true, 0, 1_000_000),
      features_used: numberIn('integer', true, 0, 1000),
      updated_at: updatedAtField(b),
    },
  } as const;
}
