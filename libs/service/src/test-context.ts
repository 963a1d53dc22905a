import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createInMemoryBus, type EventEnvelope } from '@churn/bus';
import { loadConfig } from '@churn/config';
import { eventCodec } from '@churn/contracts';
import { createDatabase } from '@churn/database';
import { loadProject } from '@churn/project';
import { createFsObjectStore } from '@churn/storage';
import { createServiceRegistry } from './metrics';
import type { ServiceContext, ServiceDefinition } from './service-definition';

/** The repo's example project that tests run against unless they name another (PROJECT_DIR). */
export const SAMPLE_PROJECT_DIR = fileURLToPath(new URL('../../../projects/sample-company', import.meta.url));

/**
 * A real embedded context for tests: in-process bus, filesystem lake in a temp
 * dir, in-memory PGlite, migrated. Nothing is mocked. Pass the service's
 * definition to get its own variables (with their defaults) in `config`.
 */
export async function createTestContext(
  service = 'test',
  env: Record<string, string> = {},
  definition?: Pick<ServiceDefinition, 'env'>,
): Promise<ServiceContext & { close(): Promise<void> }> {
  const logger = pino({ level: 'silent' });
  const config = loadConfig({
    service,
    env: { BUS_RETRY_INITIAL_DELAY_MS: '5', BUS_RETRY_MAX_DELAY_MS: '20', ...env },
    ...(definition?.env ? { properties: definition.env.properties } : {}),
  });
  const bus = createInMemoryBus({
    codec: eventCodec,
    logger,
    deadLetterTopic: config.DEAD_LETTER_TOPIC,
    retry: { attempts: config.BUS_RETRY_ATTEMPTS, initialDelayMs: config.BUS_RETRY_INITIAL_DELAY_MS, maxDelayMs: config.BUS_RETRY_MAX_DELAY_MS },
  });
  const storage = createFsObjectStore({ rootDir: mkdtempSync(join(tmpdir(), 'churn-test-lake-')) });
  const db = await createDatabase({ url: 'pglite:memory', logger });
  await db.migrate();
  const { registry, metrics } = createServiceRegistry(service);
  return {
    service,
    config: { ...config, PORT: 0 },
    env: { ...env },
    logger,
    bus,
    storage,
    db,
    registry,
    metrics,
    project: loadProject(env['PROJECT_DIR'] ?? SAMPLE_PROJECT_DIR),
    async close() {
      await bus.close();
      await storage.close();
      await db.close();
    },
  };
}

/** Polls `check` every 20 ms until it holds; rejects after `timeoutMs`. For tests waiting on asynchronous consumers. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Subscribes an observer group to `topic` and returns the array its events are pushed into, as they arrive. */
export function collectEvents(ctx: Pick<ServiceContext, 'bus'>, topic: string, group = `observer-${topic}`): EventEnvelope[] {
  const seen: EventEnvelope[] = [];
  void ctx.bus.subscribe({ group, topics: [topic], handler: async (event) => void seen.push(event) });
  return seen;
}
