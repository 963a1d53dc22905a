// Records the ingestion samples of the docs: runs the sample source systems and
// the ingestion service in this process (filesystem lake, PGlite, in-process bus),
// ingests every source of projects/sample-company/sources.json once (and the CRM export a
// second time, to show content dedupe), writes the service's log to
// docs/samples/ingestion.log and two manifests to docs/samples/ (support_tickets,
// and the second CRM run whose only part is reused),
// and prints the lake as `tree` would (paste it into docs/storage.md).
//
//   npx tsx tools/samples/record-ingestion-demo.ts [--customers 1000] [--seed 42]
//
// Needs no running infrastructure. Service logs go to stderr; stdout is the tree.
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ingestionService } from '@churn/ingestion';
import { createSampleCompany } from '@churn/sample-data';
import { loadUsageTable, startEmbeddedSourceDb, startSampleApi } from '@churn/sample-sources';
import { runEmbedded } from '@churn/service';

const repoRoot = resolve(new URL('../../', import.meta.url).pathname);
const samplesDir = join(repoRoot, 'docs/samples');
const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000' }, seed: { type: 'string', default: '42' } } });

const SOURCES = ['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage'];

interface RunView {
  id: string;
  source: string;
  status: string;
  records: number;
  parts: number;
  manifestKey: string | null;
  error: unknown;
}

/** The folders and files under `dir`, drawn like `tree` (dot folders skipped: the store's temp and sidecar files). */
function tree(dir: string, prefix = ''): string[] {
  const entries = readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
  return entries.flatMap((name, i) => {
    const last = i === entries.length - 1;
    const path = join(dir, name);
    const isDir = statSync(path).isDirectory();
    const line = `${prefix}${last ? '└── ' : '├── '}${name}${isDir ? '/' : `  (${statSync(path).size} B)`}`;
    return isDir ? [line, ...tree(path, `${prefix}${last ? '    ' : '│   '}`)] : [line];
  });
}

async function main(): Promise<void> {
  mkdirSync(samplesDir, { recursive: true });
  rmSync(join(samplesDir, 'ingestion.log'), { force: true });
  const work = mkdtempSync(join(tmpdir(), 'churn-ingestion-demo-'));
  const company = createSampleCompany({ customers: Number(values.customers), seed: /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed });

  // The source systems: the CRM export on disk, the REST API, the usage database.
  const dataDir = join(work, 'sample');
  mkdirSync(dataDir);
  await pipeline(company.crmCsv(), createWriteStream(join(dataDir, 'crm_customers.csv')));
  const token = 'demo-token';
  const { billing_invoices, support_tickets, cancellations } = company.collections;
  const api = await startSampleApi({ collections: { invoices: billing_invoices, tickets: support_tickets, cancellations }, token });
  const usageDb = await startEmbeddedSourceDb();
  const client = new pg.Client({ connectionString: usageDb.url });
  await client.connect();
  await loadUsageTable(client, company.usageRows());
  await client.end();

  const logDir = join(work, 'logs');
  const lakeDir = join(work, 'lake');
  const platform = await runEmbedded([ingestionService], {
    destination: 'stderr',
    env: {
      ...process.env,
      SOURCES_FILE: join(repoRoot, 'projects/sample-company/sources.json'),
      INGESTION_SCHEDULES: 'false',
      INGESTION_PORT: '0',
      BUS: 'memory',
      STORAGE: 'fs',
      LAKE_DIR: lakeDir,
      DATABASE_URL: 'pglite:memory',
      LOG_LEVEL: 'info',
      LOG_FILE: join(logDir, 'ingestion.log'),
      SAMPLE_DATA_DIR: dataDir,
      SAMPLE_API_URL: api.url,
      SAMPLE_API_TOKEN: token,
      USAGE_DB_URL: usageDb.url,
    },
  });
  const base = platform.services[0]?.url as string;
  const ingest = async (source: string): Promise<RunView> => {
    const started = await fetch(`${base}/ingestions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source }) });
    if (started.status !== 202) throw new Error(`POST /ingestions ${source}: ${started.status} ${await started.text()}`);
    const { id } = (await started.json()) as { id: string };
    for (;;) {
      await delay(1000);
      const response = await fetch(`${base}/ingestions/${id}`);
      if (response.status !== 200) continue;
      const run = (await response.json()) as RunView;
      if (run.status !== 'running') return run;
    }
  };

  try {
    const runs: RunView[] = [];
    for (const source of [...SOURCES, 'crm_customers']) runs.push(await ingest(source));
    const failed = runs.filter((r) => r.status !== 'succeeded');
    if (failed.length > 0) throw new Error(`runs failed: ${JSON.stringify(failed)}`);
    const saveManifest = (run: RunView, name: string) => copyFileSync(join(lakeDir, ...(run.manifestKey as string).split('/')), join(samplesDir, name));
    saveManifest(runs.find((r) => r.source === 'support_tickets') as RunView, 'raw-manifest.example.json');
    saveManifest(runs[runs.length - 1] as RunView, 'raw-manifest-reused.example.json');
    process.stdout.write(`lake/\n${tree(lakeDir).join('\n')}\n`);
  } finally {
    await platform.stop();
    await api.close();
    await usageDb.close();
  }

  // pino-roll names the file ingestion.<date>.<n>.log; the sample keeps the plain name.
  await delay(500);
  const produced = readdirSync(logDir).filter((f) => f.endsWith('.log')).sort();
  if (produced.length !== 1) throw new Error(`expected one log file in ${logDir}, found: ${produced.join(', ')}`);
  copyFileSync(join(logDir, produced[0] as string), join(samplesDir, 'ingestion.log'));
  rmSync(work, { recursive: true, force: true });
}

await main();
