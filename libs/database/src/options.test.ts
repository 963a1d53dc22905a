import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { createDatabase } from './database';
import { parseDatabaseOptions } from './options';
import { testLogger } from './test-support';

function failure(options: unknown): PlatformError {
  try {
    parseDatabaseOptions(options);
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    return err as PlatformError;
  }
  throw new Error('expected CHURN_DB_INVALID_OPTIONS');
}

describe('database options', () => {
  it('resolves postgres and pglite URLs', () => {
    expect(parseDatabaseOptions({ url: 'postgres://u:p@h:5432/d', logger: testLogger }).target).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u:p@h:5432/d',
      poolSize: 10,
    });
    expect(parseDatabaseOptions({ url: 'postgresql://h/d', logger: testLogger, poolSize: 3 }).target).toMatchObject({ poolSize: 3 });
    expect(parseDatabaseOptions({ url: 'pglite:memory', logger: testLogger }).target).toEqual({ kind: 'pglite', dataDir: undefined });
    expect(parseDatabaseOptions({ url: 'pglite:./data/db', logger: testLogger }).target).toEqual({ kind: 'pglite', dataDir: './data/db' });
    expect(parseDatabaseOptions({ url: 'pglite:///abs/db', logger: testLogger }).target).toEqual({ kind: 'pglite', dataDir: '/abs/db' });
  });

  it.each([
    [{ logger: testLogger }, 'url'],
    [{ url: 'postgres://h/d' }, 'logger'],
    [{ url: '', logger: testLogger }, 'url'],
    [{ url: 'postgres://h/d', logger: testLogger, poolSize: 0 }, 'poolSize'],
    [{ url: 'postgres://h/d', logger: testLogger, poolSize: 2.5 }, 'poolSize'],
    [{ url: 'postgres://h/d', logger: testLogger, ssl: true }, 'ssl'],
    [{ url: 'pglite:', logger: testLogger }, 'url'],
  ])('rejects %o naming %s', (options, field) => {
    const err = failure(options);
    expect(err.code).toBe('CHURN_DB_INVALID_OPTIONS');
    expect(err.retriable).toBe(false);
    expect(err.context['field']).toBe(field);
    expect(err.message).toContain(field);
  });

  it('names an unsupported URL scheme', async () => {
    const err = failure({ url: 'mysql://h/d', logger: testLogger });
    expect(err.context['field']).toBe('url');
    expect(err.message).toContain('"mysql:"');
    await expect(createDatabase({ url: 'sqlite:x.db', logger: testLogger })).rejects.toMatchObject({
      code: 'CHURN_DB_INVALID_OPTIONS',
    });
  });
});
