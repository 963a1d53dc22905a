// The sample company's source systems as one process, for distributed demos
// (docker-compose, a cluster): writes the CRM export to SAMPLE_DIR, loads the
// usage table into USAGE_DB_URL (or an embedded Postgres when unset) and serves
// the billing/support/cancellations REST API on PORT. Not a pipeline stage.
import closeWithGrace from 'close-with-grace';
import { createLogger } from '@churn/logging';
import { seedOf, startSampleSystems } from '@churn/sample-sources';

const env = process.env;
const logger = createLogger({ service: 'sample-systems', level: env.LOG_LEVEL ?? 'info' });
const token = env.SAMPLE_API_TOKEN;
if (!token) {
  logger.fatal({ variable: 'SAMPLE_API_TOKEN' }, 'SAMPLE_API_TOKEN is required: the bearer token the ingestion service will send');
  process.exit(1);
}
const systems = await startSampleSystems({
  customers: Number(env.SAMPLE_CUSTOMERS ?? 5000),
  seed: seedOf(env.SAMPLE_SEED),
  dataDir: env.SAMPLE_DIR ?? './data/sample',
  usageDb: env.USAGE_DB_URL ? { url: env.USAGE_DB_URL } : { embedded: { dataDir: `${env.SAMPLE_DIR ?? './data/sample'}/usage-db` } },
  token,
  host: env.HOST ?? '0.0.0.0',
  apiPort: Number(env.PORT ?? 3100),
}).catch((err: unknown) => {
  // Bad options (e.g. SAMPLE_CUSTOMERS out of range) arrive as a PlatformError naming the problem.
  logger.fatal({ err }, 'sample source systems could not start');
  process.exit(1);
});
logger.info({ api: systems.env.SAMPLE_API_URL, csv: systems.csvPath, usageRows: systems.usageRows, asOf: systems.company.options.asOf }, 'sample source systems ready');
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an unexpected error');
  else logger.info({ signal }, 'shutting down');
  await systems.close();
});
