import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createSampleCompany, USAGE_COLUMNS } from '@churn/sample-data';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'company-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const lines = (name: string): string[] => readFileSync(join(out, name), 'utf8').trimEnd().split('\n');

describe('generate-company CLI', () => {
  it('writes the six files, byte for byte what the library generates', async () => {
    const script = new URL('./generate-company.ts', import.meta.url).pathname;
    await run(process.execPath, ['--import', 'tsx', script, '--customers', '1000', '--seed', '9', '--out', out, '--defect-rate', '0.02']);
    expect(readdirSync(out).sort()).toEqual(
      ['billing_invoices.ndjson', 'cancellations.ndjson', 'crm_customers.csv', 'ledger.ndjson', 'product_usage.csv', 'support_tickets.ndjson'],
    );
    const rate = 0.02;
    const company = createSampleCompany({
      customers: 1000,
      seed: 9,
      defects: { missing: rate, duplicate: rate, malformedDate: rate, malformedNumber: rate, outlier: rate, unknownCategory: rate, lateArriving: rate },
    });
    expect(readFileSync(join(out, 'crm_customers.csv'), 'utf8')).toBe(await text(company.crmCsv()));
    for (const collection of Object.values(company.collections)) {
      const expected: string[] = [];
      for (let i = 0; i < collection.size; i += 1) {
        const record = collection.get(i);
        if (record !== undefined) expected.push(JSON.stringify(record));
      }
      expect(lines(`${collection.name}.ndjson`), collection.name).toEqual(expected);
    }
    const usage = lines('product_usage.csv');
    expect(usage[0]).toBe(USAGE_COLUMNS.join(','));
    expect(usage.length - 1).toBe([...company.usageRows()].length);
    expect(lines('ledger.ndjson')).toEqual([...company.ledger()].map((e) => JSON.stringify(e)));
  });

  it('rejects a bad customer count with exit code 2', async () => {
    const script = new URL('./generate-company.ts', import.meta.url).pathname;
    await expect(run(process.execPath, ['--import', 'tsx', script, '--customers', '10', '--out', out])).rejects.toMatchObject({ code: 2 });
  });
});
