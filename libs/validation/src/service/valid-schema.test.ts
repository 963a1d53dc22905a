import { describe, expect, it } from 'vitest';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import { validRecordsSchemaOf } from './valid-schema';

const suiteWith = (columns: Record<string, unknown>) =>
  loadExpectationSuites({ suites: [{ source: 'shop_orders', key: ['order_id'], columns, checks: [] }] }).suites[0]!;

describe('validRecordsSchemaOf', () => {
  it('gives every column in suite order with its type, required, enum (in the suite order) and format', () => {
    const schema = validRecordsSchemaOf(
      suiteWith({
        order_id: { type: 'string', required: true, pattern: '^O[0-9]+$' },
        tier: { type: 'string', enum: ['gold', 'bronze', 'silver'] },
        size: { type: 'integer', enum: [3, 1, 2], nullable: false },
        email: { type: 'string', format: 'email' },
        placed: { type: 'date', min: '2000-01-01', max: '${asOf}' },
      }),
    );
    expect(schema).toEqual({
      schemaVersion: 1,
      source: 'shop_orders',
      key: ['order_id'],
      columns: [
        { name: 'order_id', type: 'string', required: true },
        { name: 'tier', type: 'string', required: false, enum: ['gold', 'bronze', 'silver'] },
        { name: 'size', type: 'integer', required: true, enum: [3, 1, 2] },
        { name: 'email', type: 'string', required: false, format: 'email' },
        { name: 'placed', type: 'date', required: false },
      ],
    });
  });

  it('promises nothing of a warn-level column but its type: its failing rows stay valid', () => {
    const schema = validRecordsSchemaOf(
      suiteWith({ order_id: { type: 'string', required: true }, tier: { type: 'string', required: true, enum: ['gold'], format: 'email', severity: 'warn' } }),
    );
    expect(schema.columns[1]).toEqual({ name: 'tier', type: 'string', required: false });
  });
});
