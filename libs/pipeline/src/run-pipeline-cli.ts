import { loadConfig } from '@churn/config';
import { createLogger } from '@churn/logging';
import { createInfrastructure, portVariable, runEmbedded } from '@churn/service';
import { pipelineStages, platformServices } from './platform-services';
import { requestPipelineRun } from './request-run';
import { waitForRun, type RunSummary } from './run-summary';

const cliProperties = {
  PIPELINE_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 600000 },
  PIPELINE_AS_OF: { type: 'string', format: 'date', description: 'Business date of the run (yyyy-mm-dd); default: today (UTC)' },
};

/**
 * One full pipeline run. With Kafka configured it asks the running services
 * (distributed mode) and follows the run in the database; otherwise it starts
 * every service in this process on free ports (embedded mode). Logs go to
 * stderr; the summary is the last line on stdout. Resolves to the exit code.
 */
export async function runPipelineCli(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig({ service: 'pipeline', env, properties: cliProperties });
  const logger = createLogger({ service: 'pipeline', level: config.LOG_LEVEL, destination: 'stderr' });
  const timeoutMs = config.PIPELINE_TIMEOUT_MS as number;
  const onProgress = progressLogger(logger);
  const asOf = config.PIPELINE_AS_OF as string | undefined;
  const request = { trigger: 'cli' as const, producer: 'pipeline-cli', ...(asOf ? { asOf } : {}) };
  let summary: RunSummary;

  if (config.BUS === 'kafka') {
    const infra = await createInfrastructure(config, logger, 'churn-pipeline-cli');
    try {
      const runId = await requestPipelineRun(infra.bus, request);
      logger.info({ runId, mode: 'distributed' }, 'pipeline run requested');
      summary = await waitForRun(infra.db, runId, pipelineStages, { timeoutMs, onProgress });
    } finally {
      await infra.close();
    }
  } else {
    // Free ports, so a pipeline run works beside a running `npm start`.
    const ports = Object.fromEntries(platformServices.map((s) => [portVariable(s.name), env[portVariable(s.name)] ?? '0']));
    const platform = await runEmbedded(platformServices, { env: { ...env, ...ports }, destination: 'stderr' });
    try {
      const runId = await requestPipelineRun(platform.infra.bus, request);
      logger.info({ runId, mode: 'embedded' }, 'pipeline run requested');
      summary = await waitForRun(platform.infra.db, runId, pipelineStages, { timeoutMs, onProgress });
    } finally {
      await platform.stop();
    }
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary.status === 'succeeded' ? 0 : 1;
}

function progressLogger(logger: ReturnType<typeof createLogger>) {
  const seen = new Set<string>();
  return (summary: RunSummary) => {
    for (const stage of summary.stages) {
      const key = `${stage.name}:${stage.status}`;
      if (stage.status === 'pending' || seen.has(key)) continue;
      seen.add(key);
      logger.info({ runId: summary.runId, stage: stage.name, status: stage.status, rowsOut: stage.rowsOut }, 'stage progress');
    }
  };
}
