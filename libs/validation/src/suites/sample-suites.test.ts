import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCompanySourceSchemas, type CompanySourceName } from '../schemas/company-source-schemas';
import { resolveBound } from './bounds';
import { loadExpectationSuites, suiteOf } from './load-expectation-suites';
import type { ColumnSpec } from './suite-types';

const samplePath = fileURLToPath(new URL('../../../../config/expectations.sample.json', import.meta.url));
const SOURCES: CompanySourceName[] = ['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage'];

type Property = Record<string, unknown> & { type: string | string[] };

/** The JSON Schema property a suite column stands for on `asOf` (what the ajv path checks). */
function asSchemaProperty(spec: ColumnSpec, asOf: string): Record<string, unknown> {
  const base = spec.type === 'date' || spec.type === 'timestamp' ? 'string' : spec.type;
  const out: Record<string, unknown> = { type: spec.required ? base : [base, 'null'] };
  if (spec.pattern) out['pattern'] = spec.pattern;
  if (spec.type === 'date') out['format'] = 'date';
  if (spec.type === 'timestamp') out['format'] = 'date-time';
  if (spec.format) out['format'] = spec.format;
  if (spec.enum) out['enum'] = spec.required ? spec.enum : [...spec.enum, null];
  const bound = (b: ColumnSpec['min'], side: 'min' | 'max') => {
    const r = resolveBound(b!, spec.type, side, asOf);
    if (typeof r === 'string') throw new Error(r);
    return r.kind === 'timestamp' ? r.text : r.value;
  };
  const dated = spec.type === 'date' || spec.type === 'timestamp';
  if (spec.min !== undefined) out[dated ? 'formatMinimum' : spec.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = bound(spec.min, 'min');
  if (spec.max !== undefined) out[dated ? 'formatMaximum' : 'maximum'] = bound(spec.max, 'max');
  return out;
}

describe('config/expectations.sample.json', () => {
  const { suites } = loadExpectationSuites(samplePath);

  it.each(['2026-10-31', '2025-03-15'])('expresses exactly the row rules of the ajv schemas (asOf %s)', (asOf) => {
    const schemas = createCompanySourceSchemas({ asOf });
    for (const source of SOURCES) {
      const suite = suiteOf({ suites }, source)!;
      const def = schemas[source];
      expect(Object.keys(suite.columns)).toEqual([...def.columns]);
      expect(suite.key).toEqual([...def.keyColumns]);
      for (const column of def.columns) {
        const property = { ...(def.schema.properties[column] as Property) };
        // minLength 1 on a text column: '' is missing anyway, for both paths.
        delete property['minLength'];
        expect([source, column, asSchemaProperty(suite.columns[column]!, asOf)]).toEqual([source, column, property]);
      }
    }
  });

  it('has column, table, cross-source and drift checks for every source', () => {
    for (const suite of suites) {
      const kinds = new Set(suite.checks.map((c) => c.check));
      for (const kind of ['row_count', 'unique', 'duplicates', 'completeness', 'max_between', 'psi']) expect([suite.source, kinds.has(kind as never)]).toEqual([suite.source, true]);
      if (suite.source !== 'crm_customers') expect(kinds.has('references')).toBe(true);
    }
  });
});
