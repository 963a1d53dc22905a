import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '@churn/config';
import type { Logger } from '@churn/logging';
import type { Project } from '@churn/project';
import { buildServiceApp } from './build-app';
import type { Infrastructure } from './infrastructure';
import { createServiceRegistry } from './metrics';
import type { ServiceContext, ServiceDefinition, Stoppable } from './service-definition';

/** A service that is listening and consuming. */
export interface RunningService {
  name: string;
  app: FastifyInstance;
  ctx: ServiceContext;
  url: string;
  /** Stops background work, then the HTTP server (in-flight requests finish). */
  stop(): Promise<void>;
}

/** Builds the app on given infrastructure, starts its consumers and listens on `config.PORT`. */
export async function startService(
  definition: ServiceDefinition,
  config: ServiceConfig,
  logger: Logger,
  infra: Infrastructure,
  env: NodeJS.ProcessEnv,
  project: Project,
): Promise<RunningService> {
  const { registry, metrics } = createServiceRegistry(definition.name);
  const ctx: ServiceContext = { service: definition.name, config, env, logger, bus: infra.bus, storage: infra.storage, db: infra.db, registry, metrics, project };
  const app = await buildServiceApp(definition, ctx);
  const background: Stoppable | void = definition.start ? await definition.start(ctx) : undefined;
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, `${definition.name} listening`);
  return {
    name: definition.name,
    app,
    ctx,
    url,
    async stop() {
      if (background) await background.stop();
      await app.close();
    },
  };
}
