// `npm start`: every service in one process (embedded mode), one sample
// pipeline run at start, then it keeps serving until SIGTERM/SIGINT. When the
// project (PROJECT_DIR, default the sample company) ingests from the sample
// company's source systems and no SOURCES_FILE overrides its sources, it
// first starts them (CSV export, REST API, embedded usage database).
import closeWithGrace from 'close-with-grace';
import { pipelineStages, platformServices, requestPipelineRun, waitForRun } from '@churn/pipeline';
import { startDemoSources } from '@churn/sample-sources';
import { runEmbedded } from '@churn/service';

const demo = await startDemoSources(process.env);
const env = { ...process.env, ...demo?.env };
const platform = await runEmbedded(platformServices, { env });
const { logger, infra } = platform;
if (demo) logger.info({ sources: demo.sourcesFile, api: demo.env.SAMPLE_API_URL, usageRows: demo.systems.usageRows }, 'sample company source systems started');

closeWithGrace({ delay: platform.config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an unexpected error');
  else logger.info({ signal }, 'shutting down');
  await platform.stop();
  await demo?.close();
});

if (env.RUN_PIPELINE_ON_START !== 'false') {
  const runId = await requestPipelineRun(infra.bus, { trigger: 'embedded', producer: 'platform', ...(env.PIPELINE_AS_OF ? { asOf: env.PIPELINE_AS_OF } : {}) });
  logger.info({ runId }, 'sample pipeline run requested');
  const summary = await waitForRun(infra.db, runId, pipelineStages, { timeoutMs: 600_000 });
  logger.info({ summary }, `sample pipeline run ${summary.status}`);
}
logger.info(
  { services: platform.services.map((s) => ({ name: s.name, url: s.url })) },
  'platform ready: every service answers /healthz, /readyz, /metrics and /docs',
);
