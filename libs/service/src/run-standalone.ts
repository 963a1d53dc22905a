import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig, type ServiceConfig } from '@churn/config';
import { createLogger, openLogFile } from '@churn/logging';
import { loadProject } from '@churn/project';
import { createInfrastructure } from './infrastructure';
import type { ServiceDefinition } from './service-definition';
import { startService, type RunningService } from './start-service';

/** Loads and validates the service's config; on failure prints each bad variable to stderr and exits 1. */
export function loadServiceConfig(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  try {
    return loadConfig({
      service: definition.name,
      env,
      properties: { PORT: { type: 'integer', minimum: 0, maximum: 65535, default: definition.defaultPort }, ...definition.env?.properties },
      required: definition.env?.required ?? [],
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * Runs one service as its own process (distributed mode): its own config,
 * infrastructure clients and HTTP port; SIGTERM/SIGINT stop consuming, let
 * in-flight work finish, close the clients, then exit.
 */
export async function runStandalone(definition: ServiceDefinition): Promise<RunningService> {
  const config = loadServiceConfig(definition);
  const fileStream = config.LOG_FILE ? await openLogFile({ path: config.LOG_FILE }) : undefined;
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL, ...(fileStream ? { fileStream } : {}) });
  let infra: Awaited<ReturnType<typeof createInfrastructure>> | undefined;
  let running: RunningService;
  try {
    const project = loadProject(String(config.PROJECT_DIR));
    definition.validate?.(config, process.env, project);
    infra = await createInfrastructure(config, logger, `churn-${definition.name}`);
    running = await startService(definition, config, logger, infra, process.env, project);
  } catch (err) {
    // A bad sources file, an unreachable database...: say what, and stop with a failure code.
    logger.fatal({ err }, `${definition.name} could not start`);
    process.stderr.write(`${definition.name} could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    await infra?.close().catch(() => undefined);
    logger.flush();
    process.exit(1);
  }
  const started = running;
  const startedInfra = infra;
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an unexpected error');
    else logger.info({ signal }, 'shutting down');
    await started.stop();
    await startedInfra.close();
    logger.flush();
  });
  return started;
}
