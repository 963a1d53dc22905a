import { resolve } from 'node:path';
import { createInMemoryBus, createKafkaBus, withNamespace, type Bus } from '@churn/bus';
import type { ServiceConfig } from '@churn/config';
import { eventCodec } from '@churn/contracts';
import { createDatabase, type Database } from '@churn/database';
import type { Logger } from '@churn/logging';
import { createFsObjectStore, createS3ObjectStore, type ObjectStore } from '@churn/storage';

/** The three clients a service talks to the world through. */
export interface Infrastructure {
  bus: Bus;
  storage: ObjectStore;
  db: Database;
  close(): Promise<void>;
}

/** Builds bus, storage and database from validated config; migrates the database before returning. */
export async function createInfrastructure(config: ServiceConfig, logger: Logger, clientId: string): Promise<Infrastructure> {
  const busOptions = {
    codec: eventCodec,
    logger: logger.child({ component: 'bus' }),
    deadLetterTopic: config.BUS_NAMESPACE ? `${config.BUS_NAMESPACE}.${config.DEAD_LETTER_TOPIC}` : config.DEAD_LETTER_TOPIC,
    retry: {
      attempts: config.BUS_RETRY_ATTEMPTS,
      initialDelayMs: config.BUS_RETRY_INITIAL_DELAY_MS,
      maxDelayMs: config.BUS_RETRY_MAX_DELAY_MS,
    },
  };
  const innerBus =
    config.BUS === 'kafka'
      ? createKafkaBus({ ...busOptions, brokers: (config.KAFKA_BROKERS ?? '').split(','), clientId: config.KAFKA_CLIENT_ID ?? clientId })
      : createInMemoryBus(busOptions);
  const bus = withNamespace(innerBus, config.BUS_NAMESPACE ?? '');

  const storage =
    config.STORAGE === 's3'
      ? createS3ObjectStore({
          bucket: config.S3_BUCKET ?? '',
          region: config.S3_REGION,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
          ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
          ...(config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID } : {}),
          ...(config.S3_SECRET_ACCESS_KEY ? { secretAccessKey: config.S3_SECRET_ACCESS_KEY } : {}),
        })
      : createFsObjectStore({ rootDir: resolve(config.LAKE_DIR) });

  const db = await createDatabase({ url: config.DATABASE_URL, logger: logger.child({ component: 'database' }) });
  await db.migrate();

  return {
    bus,
    storage,
    db,
    async close() {
      // Consumers first so in-flight handlers can still write, then the stores they write to.
      await bus.close();
      await storage.close();
      await db.close();
    },
  };
}
