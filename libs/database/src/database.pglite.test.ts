import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './database';
import { runDatabaseContract } from './database.contract';
import { testLogger } from './test-support';

runDatabaseContract('pglite (memory)', async () => ({
  multiClient: false,
  open: () => createDatabase({ url: 'pglite:memory', logger: testLogger }),
  dispose: async () => undefined,
}));

describe('pglite on disk', { timeout: 60_000 }, () => {
  it('creates the directory, persists data across reopen, and migrate on reopen is a no-op', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'churn-pglite-'));
    const dir = join(parent, 'nested', 'db');
    try {
      const first = await createDatabase({ url: `pglite:${dir}`, logger: testLogger });
      expect(first.kind).toBe('pglite');
      expect((await first.migrate()).applied.length).toBeGreaterThan(0);
      await first.prisma.pipelineRun.create({ data: { id: 'persisted', status: 'succeeded', trigger: 'api' } });
      await first.close();

      const second = await createDatabase({ url: `pglite:${dir}`, logger: testLogger });
      try {
        expect((await second.migrate()).applied).toEqual([]);
        expect((await second.prisma.pipelineRun.findUniqueOrThrow({ where: { id: 'persisted' } })).trigger).toBe('api');
      } finally {
        await second.close();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
