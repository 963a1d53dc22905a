import { loadProject } from '@churn/project';
import { loadConfig, type ServiceConfig } from '@churn/config';
import { createLogger, openLogFile, type Logger, type LoggerOptions } from '@churn/logging';
import { createInfrastructure, type Infrastructure } from './infrastructure';
import type { ServiceDefinition } from './service-definition';
import { startService, type RunningService } from './start-service';

/** Every service of the platform in one process, sharing one set of infrastructure clients. */
export interface EmbeddedPlatform {
  services: RunningService[];
  infra: Infrastructure;
  config: ServiceConfig;
  logger: Logger;
  stop(): Promise<void>;
}

const envName = (service: string) => service.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** `feature-store` reads its port from FEATURE_STORE_PORT, and so on. */
export function portVariable(service: string): string {
  return `${envName(service)}_PORT`;
}

/** Where other services find `feature-store`: FEATURE_STORE_URL, and so on. */
export function urlVariable(service: string): string {
  return `${envName(service)}_URL`;
}

/**
 * Embedded mode: one config (platform variables plus each service's own),
 * one infrastructure (in-process bus, filesystem lake and PGlite by default,
 * or whatever the environment points at), every service on its own port.
 */
export async function runEmbedded(
  definitions: ServiceDefinition[],
  options: { env?: NodeJS.ProcessEnv; destination?: LoggerOptions['destination'] } = {},
): Promise<EmbeddedPlatform> {
  const env = options.env ?? process.env;
  const properties = Object.assign({}, ...definitions.map((d) => d.env?.properties ?? {}));
  const portProperties = Object.fromEntries(
    definitions.map((d) => [portVariable(d.name), { type: 'integer', minimum: 0, maximum: 65535, default: d.defaultPort }]),
  );
  const config = loadConfig({ service: 'platform', env, properties: { ...properties, ...portProperties } });
  // One logger per service, so each line names the service that wrote it; one rotating file for all.
  const fileStream = config.LOG_FILE ? await openLogFile({ path: config.LOG_FILE }) : undefined;
  const loggerFor = (service: string) =>
    createLogger({
      service,
      level: config.LOG_LEVEL,
      ...(fileStream ? { fileStream } : {}),
      ...(options.destination ? { destination: options.destination } : {}),
    });
  const logger = loggerFor('platform');
  const project = loadProject(String(config.PROJECT_DIR));
  for (const definition of definitions) definition.validate?.(config, env, project);
  const infra = await createInfrastructure(config, logger, 'churn-platform');
  const services: RunningService[] = [];
  // Services started earlier are announced to later ones (FEATURE_STORE_URL...) unless the environment names them.
  const discovered: Record<string, string> = {};
  try {
    for (const definition of definitions) {
      const serviceConfig = { ...config, ...discovered, PORT: config[portVariable(definition.name)] as number };
      const running = await startService(definition, serviceConfig, loggerFor(definition.name), infra, { ...env, ...discovered }, project);
      services.push(running);
      if (!env[urlVariable(definition.name)]) discovered[urlVariable(definition.name)] = running.url;
    }
  } catch (err) {
    await Promise.allSettled(services.map((s) => s.stop()));
    await infra.close();
    throw err;
  }
  return {
    services,
    infra,
    config,
    logger,
    async stop() {
      await Promise.allSettled(services.map((s) => s.stop()));
      await infra.close();
    },
  };
}
