import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import type { Session } from '@churn/duckdb';
import type { DatasetDeclaration } from '@churn/project';
import { fitAndPrepare, openTestSession, schemaOf } from '../test-support';

let session: Session;
beforeEach(async () => {
  session = await openTestSession();
});
afterEach(() => session.close());

const declare = (columns: DatasetDeclaration['columns'], over: Partial<DatasetDeclaration> = {}): DatasetDeclaration => ({
  name: 'things',
  source: 'src',
  key: ['id'],
  columns,
  ...over,
});

const errorOf = async (p: Promise<unknown>): Promise<PlatformError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
};

describe('reading and typing the valid records', () => {
  it('reads booleans as 0/1 whatever their spelling, and declared true values', async () => {
    const schema = schemaOf('src', { id: 'string', a: 'string', b: 'boolean', c: 'integer', d: 'string' });
    const { rows, recipe } = await fitAndPrepare(
      session,
      declare({ a: { role: 'boolean' }, b: { role: 'boolean' }, c: { role: 'boolean' }, d: { role: 'boolean', trueValues: ['Active'] } }),
      schema,
      [
        { id: '1', a: 'Yes', b: true, c: 1, d: 'active' },
        { id: '2', a: 'no', b: false, c: 0, d: 'Closed' },
        { id: '3', a: 'Y', b: null, c: null, d: null },
        { id: '4', a: 'N', b: true, c: 1, d: 'ACTIVE' },
        { id: '5', a: 'TRUE', b: false, c: 0, d: 'x' },
        { id: '6', a: 'f', b: true, c: 1, d: 'y' },
        { id: '7', a: ' t ', b: true, c: 1, d: 'z' },
      ],
    );
    expect(rows.map((r) => [r['a'], r['b'], r['c'], r['d']])).toEqual([
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [1, null, null, null],
      [0, 1, 1, 1],
      [1, 0, 0, 0],
      [0, 1, 1, 0],
      [1, 1, 1, 0],
    ]);
    expect(recipe.output.find((c) => c.name === 'a')).toMatchObject({ type: 'INTEGER' });
  });

  it('fails, naming the column and value, on a boolean that is none of the values', async () => {
    const err = await errorOf(
      fitAndPrepare(session, declare({ a: { role: 'boolean' } }), schemaOf('src', { id: 'string', a: 'string' }), [
        { id: '1', a: 'Yes' },
        { id: '2', a: 'maybe' },
      ]),
    );
    expect(err).toMatchObject({ code: 'CHURN_PREPARATION_BAD_VALUE', retriable: false, context: { column: 'a', value: 'maybe' } });
  });

  it('fails on a value that is not of its schema type, before anything is prepared', async () => {
    const err = await errorOf(
      fitAndPrepare(session, declare({}), schemaOf('src', { id: 'string', due: 'date' }), [
        { id: '1', due: '2026-02-01' },
        { id: '2', due: '2026-02-30' },
      ]),
    );
    expect(err).toMatchObject({ code: 'CHURN_PREPARATION_BAD_VALUE', context: { dataset: 'things', column: 'due', value: '2026-02-30', expected: 'date' } });
    expect(err.message).toContain('due');
  });

  it('fails when the declaration names a column the schema does not have', async () => {
    const err = await errorOf(fitAndPrepare(session, declare({ nope: { role: 'numeric' } }), schemaOf('src', { id: 'string' }), [{ id: '1' }]));
    expect(err).toMatchObject({ code: 'CHURN_PREPARATION_SCHEMA_MISMATCH', context: { missing: ['nope'] } });
  });

  it('keeps dates as DATE, timestamps as UTC TIMESTAMP and unlisted columns as validated, and drops `drop` columns', async () => {
    const schema = schemaOf('src', { id: 'string', day: 'date', at: 'timestamp', n: 'integer', x: 'number', ok: 'boolean', secret: 'string' });
    const { rows, recipe } = await fitAndPrepare(session, declare({ day: { role: 'date' }, n: { role: 'numeric' } }, { drop: ['secret'] }), schema, [
      { id: '1', day: '2026-01-02', at: '2026-01-02T10:00:00+02:00', n: 3, x: 1.5, ok: true, secret: 's' },
    ]);
    expect(recipe.output.map((c) => [c.name, c.type])).toEqual([
      ['id', 'VARCHAR'],
      ['day', 'DATE'],
      ['at', 'TIMESTAMP'],
      ['n', 'DOUBLE'],
      ['x', 'DOUBLE'],
      ['ok', 'BOOLEAN'],
    ]);
    expect(rows).toEqual([{ id: '1', day: '2026-01-02T00:00:00.000Z', at: '2026-01-02T08:00:00.000Z', n: 3, x: 1.5, ok: true }]);
    const types = await session.rows<{ column_name: string; column_type: string }>('DESCRIBE things_prepared');
    expect(types.map((t) => t.column_type)).toEqual(['VARCHAR', 'DATE', 'TIMESTAMP', 'DOUBLE', 'DOUBLE', 'BOOLEAN']);
  });

  it('reads timestamps as UTC whatever the session time zone', async () => {
    await session.exec("SET TimeZone = 'Asia/Tokyo'");
    const schema = schemaOf('src', { id: 'string', at: 'timestamp' });
    const { rows } = await fitAndPrepare(session, declare({ at: { role: 'date' } }), schema, [
      { id: '1', at: '2026-01-02T10:00:00+02:00' },
      { id: '2', at: '2026-01-02T08:00:00Z' },
      { id: '3', at: '2026-01-02T08:00:00' },
      { id: '4', at: '2026-01-02 08:00:00.5-01:30' },
    ]);
    await session.exec("SET TimeZone = 'UTC'");
    expect(rows.map((r) => r['at'])).toEqual(['2026-01-02T08:00:00.000Z', '2026-01-02T08:00:00.000Z', '2026-01-02T08:00:00.000Z', '2026-01-02T09:30:00.500Z']);
  });

  it('keeps one row per key, the newest by dedupe.by (the later record on a tie), in key order', async () => {
    const schema = schemaOf('src', { id: 'string', v: 'integer', updated_at: 'timestamp' });
    const { rows, recipe } = await fitAndPrepare(session, declare({}, { dedupe: { by: 'updated_at' } }), schema, [
      { id: 'b', v: 1, updated_at: '2026-01-01T00:00:00Z' },
      { id: 'a', v: 1, updated_at: '2026-01-01T00:00:00Z' },
      { id: 'b', v: 2, updated_at: '2026-01-03T00:00:00Z' },
      { id: 'b', v: 3, updated_at: '2026-01-02T00:00:00Z' },
      { id: 'a', v: 2, updated_at: '2026-01-01T00:00:00Z' },
      { id: 'c', v: 1, updated_at: null },
      { id: 'c', v: 2, updated_at: '2025-01-01T00:00:00Z' },
    ]);
    expect(rows.map((r) => [r['id'], r['v']])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
    expect(recipe.rows).toBe(3);
  });
});
