import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadExpectationSuites, suiteOf } from './load-expectation-suites';

const samplePath = fileURLToPath(new URL('../../../../projects/sample-company/expectations.json', import.meta.url));

function problemsOf(input: string | object): string[] {
  try {
    loadExpectationSuites(input);
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'CHURN_VALIDATION_INVALID_SUITES', retriable: false });
    const problems = (err as PlatformError).context.problems as string[];
    for (const p of problems) expect((err as Error).message).toContain(p);
    return problems;
  }
  throw new Error('expected the suites to be rejected');
}

const suite = (extra: Record<string, unknown> = {}) => ({
  source: 'orders',
  key: ['order_id'],
  columns: {
    order_id: { type: 'string', required: true },
    amount: { type: 'number', min: 0 },
    placed_on: { type: 'date', max: '${asOf}' },
  },
  checks: [],
  ...extra,
});

describe('loadExpectationSuites', () => {
  it('accepts the sample file and makes the defaults explicit', () => {
    const { suites } = loadExpectationSuites(samplePath);
    expect(suites.map((s) => s.source)).toEqual(['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage']);
    const crm = suiteOf({ suites }, 'crm_customers')!;
    expect(crm.columns['gender']).toEqual({ type: 'string', enum: ['Female', 'Male'], required: false, severity: 'error' });
    expect(crm.columns['birth_year']).toMatchObject({ max: '${asOfYear}-16' });
    expect(crm.checks.every((c) => c.severity === 'error' || c.severity === 'warn')).toBe(true);
    expect(suiteOf({ suites }, 'marketing_leads')).toBeUndefined();
  });

  it('reads nullable as the opposite of required', () => {
    const { suites } = loadExpectationSuites({ suites: [suite({ columns: { order_id: { type: 'string', nullable: false } } })] });
    expect(suites[0]!.columns['order_id']).toEqual({ type: 'string', required: true, severity: 'error' });
  });

  it('names every problem with its suite, check and field', () => {
    const bad = {
      suites: [
        suite({
          key: ['order_id', 'nope'],
          columns: {
            order_id: { type: 'string', required: true, nullable: true, pattern: '(?=x)y' },
            amount: { type: 'number', min: 10, max: 5, colour: 'red' },
            placed_on: { type: 'date', max: '${today}' },
            status: { type: 'boolean', enum: ['a'] },
            code: { type: 'integer', format: 'email' },
            seen_at: { type: 'timestamp', min: '2026-13-01' },
          },
          checks: [
            { name: 'complete', check: 'completeness', column: 'amount', atLeast: 1.5 },
            { name: 'complete', check: 'completeness', column: 'ghost', atLeast: 0.5 },
            { name: 'mean', check: 'mean_between', column: 'placed_on', min: 1 },
            { name: 'drift', check: 'psi', column: 'order_id', bins: 5, warnAbove: 0.3, failAbove: 0.2 },
            { name: 'what', check: 'teleport' },
            { name: 'fresh', check: 'freshness', column: 'amount', maxAgeHours: 24 },
            { name: 'rows', check: 'row_count' },
            { name: 'ref', check: 'references', column: 'order_id', references: { source: 'orders', column: 'missing' } },
          ],
        }),
        suite(),
      ],
    };
    expect(problemsOf(bad)).toEqual([
      'suites[0] (orders).columns.amount.colour: unknown field',
      'suites[0] (orders).key[1]: unknown column "nope"',
      'suites[0] (orders).columns.order_id.nullable: contradicts required (nullable is the opposite of required)',
      'suites[0] (orders).columns.order_id.pattern: uses lookaround, which the columnar engine (RE2) does not support',
      'suites[0] (orders).columns.amount.max: must be >= min',
      'suites[0] (orders).columns.placed_on.max: unknown placeholder ${today} (only ${asOf} is allowed here)',
      'suites[0] (orders).columns.status.enum: is only for string, integer or number columns (this one is boolean)',
      'suites[0] (orders).columns.code.format: is only for string columns (this one is integer)',
      'suites[0] (orders).columns.seen_at.min: must be an ISO-8601 timestamp with a zone or a date, got "2026-13-01"',
      'suites[0] (orders).checks[0] (complete).atLeast: must be <= 1',
      'suites[0] (orders).checks[1] (complete).name: duplicates the name of checks[0]',
      'suites[0] (orders).checks[1] (complete).column: unknown column "ghost"',
      'suites[0] (orders).checks[2] (mean).column: mean_between needs a integer or number column (this one is date)',
      'suites[0] (orders).checks[3] (drift).bins: is for numeric columns (categories are compared one by one)',
      'suites[0] (orders).checks[3] (drift).failAbove: must be >= warnAbove',
      'suites[0] (orders).checks[4] (what).check: must be one of completeness, unique, regex, allowed_values, min_between, max_between, mean_between, stddev_between, outliers, row_count, freshness, duplicates, references, psi',
      'suites[0] (orders).checks[5] (fresh).column: freshness needs a date or timestamp column (this one is number)',
      'suites[0] (orders).checks[6] (rows).min: needs min, max or changeVsPrevious',
      'suites[0] (orders).checks[7] (ref).references.column: source orders has no column "missing"',
      'suites[1] (orders).source: duplicates the source of suites[0]',
    ]);
  });

  it('reports a file it cannot read or parse', () => {
    expect(problemsOf('/nonexistent/expectations.json')[0]).toMatch(/^\(root\): cannot read file/);
    expect(problemsOf({ suites: 'all' })).toEqual(['suites: must be array']);
  });
});
