import type { Project } from '@churn/project';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Bus } from '@churn/bus';
import type { ServiceConfig, EnvProperties } from '@churn/config';
import type { Database } from '@churn/database';
import type { Logger } from '@churn/logging';
import type { ObjectStore } from '@churn/storage';
import type { ServiceMetrics } from './metrics';

/** What a service's routes and consumers receive: narrow infrastructure clients, never the process. */
export interface ServiceContext<C extends ServiceConfig = ServiceConfig> {
  service: string;
  config: C;
  /** The raw environment, for values the schema cannot name in advance (secrets referenced by name in a sources file). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  bus: Bus;
  storage: ObjectStore;
  db: Database;
  registry: Registry;
  metrics: ServiceMetrics;
  /** The project every stage reads (PROJECT_DIR), loaded and checked at start. */
  project: Project;
}

/** Something a service started that must be stopped on shutdown (a schedule, a model watcher...). */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * One stage service, independent of how it is run: `runStandalone` gives it
 * its own process and infrastructure, `runEmbedded` runs many in one process
 * on shared in-process infrastructure.
 */
export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig> {
  name: string;
  description: string;
  defaultPort: number;
  /** Service-specific environment variables (JSON Schema properties) and which are required. */
  env?: { properties: EnvProperties; required?: string[] };
  /** Checks configuration the env schema cannot (e.g. a sources file) before any infrastructure is touched; throws to refuse to start. */
  validate?: (config: C, env: NodeJS.ProcessEnv, project: Project) => void;
  /** Registers the service's HTTP routes (each with request and response schemas). */
  routes?: (app: FastifyInstance, ctx: ServiceContext<C>) => Promise<void>;
  /** Subscribes consumers and starts background work once the app is ready. */
  start?: (ctx: ServiceContext<C>) => Promise<Stoppable | void>;
}
