import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type SampleSystems, startSampleSystems } from './sample-systems';
import { SampleSourcesErrorCode, sampleSourcesError } from './errors';

/** The running demo sources and the variables that point the platform at them. */
export interface DemoSources {
  systems: SampleSystems;
  /** The project's sources.json that the systems serve. */
  sourcesFile: string;
  /** PIPELINE_AS_OF and what the sources file reads (SAMPLE_DATA_DIR, SAMPLE_API_URL, ...). */
  env: Record<string, string>;
  close(): Promise<void>;
}

// A sources file that reads these is the sample company's: the demo has to serve them.
const SAMPLE_VARIABLES = /\$\{(SAMPLE_DATA_DIR|SAMPLE_API_URL)(:-[^}]*)?\}/;

/**
 * The project's sources.json when it ingests from the sample company's systems (it reads `${SAMPLE_DATA_DIR}` or
 * `${SAMPLE_API_URL}`), else undefined: no SOURCES_FILE override and PROJECT_DIR (default projects/sample-company)
 * is such a project.
 */
export function sampleSourcesFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SOURCES_FILE) return undefined;
  const file = join(resolve(env.PROJECT_DIR || 'projects/sample-company'), 'sources.json');
  if (!existsSync(file)) {
    throw sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, `the demo needs ${file}: run it from the repository root, or set PROJECT_DIR`);
  }
  return SAMPLE_VARIABLES.test(readFileSync(file, 'utf8')) ? file : undefined;
}

function customersOf(env: NodeJS.ProcessEnv): number {
  const text = env.SAMPLE_CUSTOMERS ?? '5000';
  const customers = Number(text);
  if (!Number.isInteger(customers) || customers < 1000 || customers > 5_000_000) {
    throw sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, `SAMPLE_CUSTOMERS must be an integer from 1000 to 5000000, got "${text}"`, {
      context: { variable: 'SAMPLE_CUSTOMERS', value: text },
    });
  }
  return customers;
}

/** A seed from the environment: digits are the number (so SAMPLE_SEED=42 is the default company), anything else a string seed. */
export function seedOf(text: string | undefined): number | string {
  if (text === undefined || text === '') return 42;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * The demo's source systems when the project ingests from them (see
 * {@link sampleSourcesFile}: the sample company's project, no SOURCES_FILE):
 * the sample company (SAMPLE_CUSTOMERS, default 5,000; SAMPLE_SEED, default
 * 42) as a CRM CSV export, the REST API and an embedded Postgres holding the
 * usage table, all under SAMPLE_DIR (default ./data/sample) so a restart
 * reuses them. Returns undefined for any other project or with SOURCES_FILE set.
 */
export async function startDemoSources(env: NodeJS.ProcessEnv = process.env): Promise<DemoSources | undefined> {
  const sourcesFile = sampleSourcesFile(env);
  if (sourcesFile === undefined) return undefined;
  const dir = resolve(env.SAMPLE_DIR ?? './data/sample');
  const systems = await startSampleSystems({
    customers: customersOf(env),
    seed: seedOf(env.SAMPLE_SEED),
    dataDir: dir,
    usageDb: { embedded: { dataDir: resolve(dir, 'usage-db') } },
  });
  return {
    systems,
    sourcesFile,
    env: { ...systems.env, PIPELINE_AS_OF: env.PIPELINE_AS_OF ?? systems.company.options.asOf },
    close: () => systems.close(),
  };
}
