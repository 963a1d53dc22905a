import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCustomersCsv } from '@churn/sample-data';

// CLI: npx tsx tools/sample-data/generate-customers.ts --rows 5000 --seed 42 --out data/sample/customers.csv [--if-missing]
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'data/sample/customers.csv' },
    'if-missing': { type: 'boolean', default: false },
  },
});

const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) {
  process.stderr.write(`--rows must be a positive integer, got '${values.rows}'\n`);
  process.exit(2);
}
const seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
const out = resolve(process.cwd(), values.out);
if (values['if-missing'] && existsSync(out)) process.exit(0);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, generateCustomersCsv({ rows, seed }));
process.stderr.write(`wrote ${rows} customers (seed ${values.seed}) to ${out}\n`);
