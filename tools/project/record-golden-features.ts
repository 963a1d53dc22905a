// Records the golden feature fixture: the sample company's 22 customer features and labels as the hand-written
// transformer computed them before features were declared in projects/sample-company/features.json. The golden
// test (e2e/src/golden-features.test.ts) holds the generic engine to these values, value for value.
//
//   npx tsx tools/project/record-golden-features.ts [--commit <sha>] [--out <dir>]
//
// The hand-written engine is no longer in the tree: it is read from git at --commit (default: the last commit
// that has it) into a temporary folder and imported from there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GOLDEN_RUN, sampleCompanyDatasets } from '../../e2e/src/fixtures/sample-prepared-datasets';

/** The last commit with libs/transformation's hand-written engine (customer-features.ts, accumulators.ts). */
const ENGINE_COMMIT = '088c07588e929afb52bfa2c29345066ce8b63fa3';
const ENGINE_FILES = [
  'accumulators.ts',
  'calendar.ts',
  'compute-features.ts',
  'customer-features.ts',
  'customer-table.ts',
  'errors.ts',
  'observation-times.ts',
  'prepared-datasets.ts',
];

interface OldRow {
  customerId: string;
  eventTimestamp: Date;
  values: Record<string, number>;
}
interface OldEngine {
  computePointInTimeFeatures(sources: unknown, times: unknown): Promise<{ features: Array<{ column: string }>; rows(): Iterable<OldRow>; labels(): Iterable<{ customerId: string; eventTimestamp: Date; churned: number }> }>;
  observationTimes(asOf: string, options: { horizonDays: number; snapshots: number }): unknown;
}

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function loadOldEngine(commit: string, dir: string): Promise<OldEngine> {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  // Bare imports (@churn/*, csv-parse) resolve through the repo's node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const file of ENGINE_FILES) {
    const text = execFileSync('git', ['show', `${commit}:libs/transformation/src/${file}`], { cwd: root, encoding: 'utf8' });
    writeFileSync(join(src, file), text);
  }
  const compute = (await import(pathToFileURL(join(src, 'compute-features.ts')).href)) as Pick<OldEngine, 'computePointInTimeFeatures'>;
  const times = (await import(pathToFileURL(join(src, 'observation-times.ts')).href)) as Pick<OldEngine, 'observationTimes'>;
  return { ...compute, ...times };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { commit: { type: 'string', default: ENGINE_COMMIT }, out: { type: 'string', default: 'e2e/src/fixtures/golden' } } });
  const out = resolve(root, values.out!);
  const dir = mkdtempSync(join(tmpdir(), 'churn-golden-engine-'));
  try {
    const engine = await loadOldEngine(values.commit!, dir);
    const { customers, seed, asOf, horizonDays, snapshots } = GOLDEN_RUN;
    const data = sampleCompanyDatasets({ customers, seed, asOf });
    const computed = await engine.computePointInTimeFeatures(data, engine.observationTimes(asOf, { horizonDays, snapshots }));
    const columns = computed.features.map((f) => f.column);
    const features = [['customer_id', 'event_timestamp', ...columns].join(',')];
    for (const row of computed.rows()) {
      features.push([row.customerId, row.eventTimestamp.toISOString(), ...columns.map((c) => String(row.values[c]))].join(','));
    }
    const labels = ['customer_id,event_timestamp,churned'];
    for (const l of computed.labels()) labels.push([l.customerId, l.eventTimestamp.toISOString(), String(l.churned)].join(','));
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'sample-company-features.csv'), `${features.join('\n')}\n`);
    writeFileSync(join(out, 'sample-company-labels.csv'), `${labels.join('\n')}\n`);
    console.log(`golden fixture: ${features.length - 1} feature rows, ${labels.length - 1} labels (engine at ${values.commit!.slice(0, 10)}) -> ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
