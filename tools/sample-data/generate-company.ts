import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSampleCompany, DEFAULT_DEFECT_RATES, USAGE_COLUMNS, type DefectEntry, type DefectRates } from '@churn/sample-data';

// CLI: npx tsx tools/sample-data/generate-company.ts --customers 5000 --seed 42 --out data/sample/company
//        [--as-of 2026-10-31] [--defect-rate 0.02]
// Writes crm_customers.csv, billing_invoices.ndjson, support_tickets.ndjson, cancellations.ndjson,
// product_usage.csv and ledger.ndjson, streaming in bounded memory.
const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'data/sample/company' },
    'as-of': { type: 'string', default: '2026-10-31' },
    'defect-rate': { type: 'string' },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};
const customers = Number(values.customers);
const seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
let defects: DefectRates = { ...DEFAULT_DEFECT_RATES };
if (values['defect-rate'] !== undefined) {
  const rate = Number(values['defect-rate']);
  if (!(rate >= 0 && rate <= 1)) fail(`--defect-rate must be within 0..1, got '${values['defect-rate']}'`);
  defects = Object.fromEntries(Object.keys(defects).map((k) => [k, rate])) as unknown as DefectRates;
}
const out = resolve(process.cwd(), values.out);

/** A file written line batch by line batch, waiting for the disk when its buffer is full. */
class BatchFile {
  private readonly stream: WriteStream;
  private lines: string[] = [];
  count = 0;
  constructor(name: string) {
    this.stream = createWriteStream(join(out, name));
  }
  async add(line: string): Promise<void> {
    this.lines.push(line);
    this.count += 1;
    if (this.lines.length >= 1000) await this.flush();
  }
  async raw(chunk: Buffer): Promise<void> {
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('\n') + '\n';
    this.lines = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

async function main(): Promise<void> {
  let company;
  try {
    company = createSampleCompany({ customers, seed, asOf: values['as-of'], defects });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const ledger = new BatchFile('ledger.ndjson');
  const pending: DefectEntry[] = [];
  const onDefect = (e: DefectEntry): void => void pending.push(e);
  const drainLedger = async (): Promise<void> => {
    for (const e of pending.splice(0)) await ledger.add(JSON.stringify(e));
  };
  const step = (what: string): void => void process.stderr.write(`${what} done after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  const crm = new BatchFile('crm_customers.csv');
  for await (const chunk of company.crmCsv({ onDefect })) {
    await crm.raw(chunk as Buffer);
    await drainLedger();
  }
  await crm.close();
  step('crm_customers.csv');

  const counts: Record<string, number> = {};
  for (const collection of Object.values(company.collections)) {
    const file = new BatchFile(`${collection.name}.ndjson`);
    for (let i = 0; i < collection.size; i += 1) {
      const record = collection.get(i);
      if (record === undefined) continue;
      await file.add(JSON.stringify(record));
      for (const e of collection.defectsAt(i)) await ledger.add(JSON.stringify(e));
    }
    await file.close();
    counts[collection.name] = file.count;
    step(`${collection.name}.ndjson`);
  }

  const usage = new BatchFile('product_usage.csv');
  await usage.add(USAGE_COLUMNS.join(','));
  for (const row of company.usageRows({ onDefect })) {
    await usage.add(USAGE_COLUMNS.map((c) => (row[c] === null ? '' : String(row[c]))).join(','));
    if (pending.length > 0) await drainLedger();
  }
  await usage.close();
  step('product_usage.csv');
  await drainLedger();
  await ledger.close();

  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `wrote company of ${customers} customers (seed ${values.seed}, as of ${company.options.asOf}) to ${out} in ${seconds.toFixed(1)} s: ` +
      `${counts.billing_invoices} invoices, ${counts.support_tickets} tickets, ${counts.cancellations} cancellations, ` +
      `${usage.count - 1} usage rows, ${ledger.count} defects; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
}

await main();
