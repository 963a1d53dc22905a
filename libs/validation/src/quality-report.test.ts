import { describe, expect, it } from 'vitest';
import { DistinctCounter } from './distinct-counter';
import { qualityReportToMarkdown } from './quality-report-render';
import { createCompanySourceSchemas } from './schemas/company-source-schemas';
import { crmRow, toCsv, validateOne } from './test-support';

const fixedClock = () => {
  let t = Date.parse('2024-01-01T00:00:00.000Z');
  return () => new Date((t += 1000));
};

async function fixtureReport() {
  const csv = toCsv([
    crmRow({ customer_id: 'C0000001', birth_year: '1981', monthly_fee: '10' }),
    crmRow({ customer_id: 'C0000002', birth_year: '1983', monthly_fee: '', gender: 'Male' }),
    crmRow({ customer_id: 'C0000003', birth_year: '1987', monthly_fee: '50', gender: 'X' }),
    crmRow({ customer_id: 'C0000001', birth_year: '1989', monthly_fee: '99' }),
    crmRow({ customer_id: 'C0000004', birth_year: '1985', monthly_fee: '20', gender: '' }),
  ]);
  const { report } = await validateOne('csv', csv, { schema: createCompanySourceSchemas().crm_customers, now: fixedClock() });
  return report;
}

describe('quality report', () => {
  it('matches numbers computed by hand on a small fixture', async () => {
    const report = await fixtureReport();
    expect(report).toMatchObject({
      source: 'crm_customers',
      startedAt: '2024-01-01T00:00:01.000Z',
      finishedAt: '2024-01-01T00:00:02.000Z',
      rowsIn: 5,
      rowsValid: 3,
      rowsQuarantined: 2,
      rowsSuperseded: 0,
      duplicateKeys: 1,
      failuresByRule: { enum: 1, 'duplicate-key': 1 },
      warningsByRule: { 'missing-optional': 2 },
      headerProblems: [],
    });
    const col = (name: string) => report.columns.find((c) => c.column === name)!;
    // Valid rows: C0000001 (10), C0000002 (missing), C0000004 (20).
    expect(col('monthly_fee')).toMatchObject({ kind: 'number', missing: 1, completeness: 0.8, invalid: 0, distinct: 2 });
    expect(col('monthly_fee').numeric).toMatchObject({ count: 2, min: 10, max: 20, mean: 15 });
    expect(col('monthly_fee').numeric!.stddev).toBeCloseTo(Math.sqrt(50), 12);
    // Valid birth years 1981, 1983, 1985: mean 1983, sample stddev 2.
    expect(col('birth_year').numeric).toEqual({ count: 3, min: 1981, max: 1985, mean: 1983, stddev: 2 });
    expect(col('gender')).toMatchObject({ kind: 'string', missing: 1, completeness: 0.8, invalid: 1, invalidByRule: { enum: 1 } });
    expect(col('gender')).toMatchObject({ distinct: 2, distinctExact: true, numeric: null });
    expect(col('customer_id')).toMatchObject({ invalidByRule: { 'duplicate-key': 1 }, distinct: 3, completeness: 1 });
    expect(report.columns.map((c) => c.column)[0]).toBe('customer_id');
    expect(report.columns).toHaveLength(17);
  });

  it('renders short markdown', async () => {
    const md = qualityReportToMarkdown(await fixtureReport());
    expect(md).toContain('# Data quality: crm_customers');
    expect(md).toContain('- Quarantined: 2 (duplicate keys: 1)');
    expect(md).toContain('- Superseded by a later delivery: 0');
    expect(md).toContain('- enum: 1');
    expect(md).toContain('## Warnings by rule (not quarantined)');
    expect(md).toContain('- missing-optional: 2');
    expect(md).toContain('| monthly_fee | 80.0% | 0 | 2 | 10 | 20 | 15 | 7.071 |');
  });
});

describe('DistinctCounter', () => {
  it('is exact under the cap and estimates within a few percent above it', () => {
    const small = new DistinctCounter(100);
    for (let i = 0; i < 250; i += 1) small.add(String(i % 50));
    expect([small.count(), small.isExact]).toEqual([50, true]);
    const big = new DistinctCounter(1000);
    for (let i = 0; i < 200_000; i += 1) big.add(`C${i % 50_000}`);
    expect(big.isExact).toBe(false);
    expect(Math.abs(big.count() - 50_000) / 50_000).toBeLessThan(0.05);
  });
});
