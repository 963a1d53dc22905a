import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { createDatabase } from './database';
import { runDatabaseContract } from './database.contract';
import { createScratchDatabase, testLogger } from './test-support';

// Needs the server from infra/postgres/start.sh; without it every test fails (scratch database creation).
runDatabaseContract('postgres', async () => {
  const scratch = await createScratchDatabase();
  return {
    multiClient: true,
    open: () => createDatabase({ url: scratch.url, logger: testLogger, poolSize: 4 }),
    dispose: () => scratch.drop(),
  };
});

describe('postgres specifics', () => {
  it('reports kind postgres and pings the real server', async () => {
    const scratch = await createScratchDatabase();
    const db = await createDatabase({ url: scratch.url.replace(/^postgres:/, 'postgresql:'), logger: testLogger });
    try {
      expect(db.kind).toBe('postgres');
      await db.ping();
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it('maps an unreachable server to retriable CHURN_DB_UNAVAILABLE', async () => {
    const db = await createDatabase({ url: 'postgres://churn:churn@127.0.0.1:1/churn', logger: testLogger });
    try {
      for (const attempt of [() => db.ping(), () => db.migrate()]) {
        const err = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(PlatformError);
        expect((err as PlatformError).code).toBe('CHURN_DB_UNAVAILABLE');
        expect((err as PlatformError).retriable).toBe(true);
      }
    } finally {
      await db.close();
    }
  });
});
