import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import { openSession } from './duckdb-session';
import { runSuite } from './run-suite';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'valid-parquet-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('valid.parquet', () => {
  it('types every column: VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE and TIMESTAMP (UTC instants), null when missing', async () => {
    const suite = loadExpectationSuites({
      suites: [
        {
          source: 'orders',
          key: ['id'],
          columns: {
            id: { type: 'string', required: true },
            qty: { type: 'integer' },
            amount: { type: 'number' },
            paid: { type: 'boolean' },
            placed_on: { type: 'date' },
            updated_at: { type: 'timestamp' },
          },
          checks: [],
        },
      ],
    }).suites[0]!;
    const path = join(dir, 'orders.csv');
    await writeFile(path, 'id,qty,amount,paid,placed_on,updated_at\nO1,3,10.5,true,2026-10-01,2026-10-01T11:30:00.123+02:00\nO2,,,,,\n');
    const result = await runSuite({ suite, asOf: '2026-10-31', inputs: [{ path, format: 'csv' }], outDir: join(dir, 'out'), validFormats: ['ndjson', 'parquet'] });
    const file = result.outputs.valid.parquet!;
    const session = await openSession();
    try {
      const described = await session.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
      expect(Object.fromEntries(described.map((c) => [c.column_name, c.column_type]))).toEqual({
        id: 'VARCHAR',
        qty: 'BIGINT',
        amount: 'DOUBLE',
        paid: 'BOOLEAN',
        placed_on: 'DATE',
        updated_at: 'TIMESTAMP',
      });
      const schema = await session.rows<{ name: string; type: string; converted_type: string | null }>(`SELECT name, type, converted_type FROM parquet_schema('${file}') WHERE name = 'updated_at'`);
      expect(schema).toEqual([{ name: 'updated_at', type: 'INT64', converted_type: 'TIMESTAMP_MICROS' }]);
      const rows = await session.rows(
        `SELECT id, qty, amount, paid, strftime(placed_on, '%Y-%m-%d') AS placed_on, strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%g') AS updated_at FROM read_parquet('${file}')`,
      );
      expect(rows).toEqual([
        { id: 'O1', qty: 3, amount: 10.5, paid: true, placed_on: '2026-10-01', updated_at: '2026-10-01T09:30:00.123' },
        { id: 'O2', qty: null, amount: null, paid: null, placed_on: null, updated_at: null },
      ]);
    } finally {
      session.close();
    }
  });
});
