// `npm start`: every service in one process (embedded mode), one sample
// pipeline run at start, then it keeps serving until SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';
import { pipelineStages, platformServices, requestPipelineRun, waitForRun } from '@churn/pipeline';
import { runEmbedded } from '@churn/service';

const platform = await runEmbedded(platformServices);
const { logger, infra } = platform;

closeWithGrace({ delay: platform.config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an unexpected error');
  else logger.info({ signal }, 'shutting down');
  await platform.stop();
});

if (process.env.RUN_PIPELINE_ON_START !== 'false') {
  const runId = await requestPipelineRun(infra.bus, { trigger: 'embedded', producer: 'platform' });
  logger.info({ runId }, 'sample pipeline run requested');
  const summary = await waitForRun(infra.db, runId, pipelineStages, { timeoutMs: 600_000 });
  logger.info({ summary }, `sample pipeline run ${summary.status}`);
}
logger.info(
  { services: platform.services.map((s) => ({ name: s.name, url: s.url })) },
  'platform ready: every service answers /healthz, /readyz, /metrics and /docs',
);
