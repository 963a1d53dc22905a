import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database';
import { bundledMigrations, loadMigrationsFromDir } from './migrations';
import { testLogger } from './test-support';

const schemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

interface ExpectedColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  Float: 'double precision',
  BigInt: 'bigint',
  Json: 'jsonb',
  Boolean: 'boolean',
};

/** Just enough of a schema.prisma reader to derive the columns and unique indexes Prisma would create. */
function readSchema(source: string) {
  const models = [...source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]!));
  const columns: ExpectedColumn[] = [];
  const uniques: Array<{ table: string; index: string }> = [];
  for (const [, name, body] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!;
    const columnOf = new Map<string, string>();
    for (const line of body!.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim())) {
      const field = /^(\w+)\s+(\w+)(\[\]|\?)?(.*)$/.exec(line);
      if (!field || line.startsWith('@@')) continue;
      const [, fieldName, type, modifier, attrs] = field;
      if (modelNames.has(type!)) continue;
      const column = /@map\("([^"]+)"\)/.exec(attrs!)?.[1] ?? fieldName!;
      columnOf.set(fieldName!, column);
      const base = type === 'DateTime' ? (attrs!.includes('@db.Timestamptz') ? 'timestamp with time zone' : 'timestamp without time zone') : scalarTypes[type!];
      columns.push({ table, column, type: modifier === '[]' ? `${base}[]` : base!, nullable: modifier !== undefined });
      if (/@unique\b/.test(attrs!)) uniques.push({ table, index: `${table}_${column}_key` });
    }
    for (const [, fields] of body!.matchAll(/@@unique\(\[([^\]]+)\]\)/g)) {
      const cols = fields!.split(',').map((f) => columnOf.get(f.trim()) ?? f.trim());
      uniques.push({ table, index: `${table}_${cols.join('_')}_key` });
    }
  }
  return { columns, uniques };
}

describe('migrations match schema.prisma', { timeout: 60_000 }, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createDatabase({ url: 'pglite:memory', logger: testLogger });
    await db.migrate();
  }, 60_000);
  afterAll(() => db?.close());

  it('embedded migrations equal the files on disk (rerun `node tools/prisma-generate.mjs` if not)', () => {
    expect(bundledMigrations).toEqual(loadMigrationsFromDir(migrationsDir));
    expect(bundledMigrations.length).toBeGreaterThan(0);
  });

  it('every model column exists with the Prisma type and nullability, and nothing else', async () => {
    const expected = readSchema(readFileSync(schemaPath, 'utf8')).columns;
    const rows = await db.prisma.$queryRaw<Array<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string; datetime_precision: number | null }>>`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, datetime_precision
      FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_schema_migrations'`;
    const actual = rows.map((r) => ({
      table: r.table_name,
      column: r.column_name,
      type: r.data_type === 'ARRAY' ? `${scalarTypes[r.udt_name === '_text' ? 'String' : r.udt_name] ?? r.udt_name}[]` : r.data_type,
      nullable: r.is_nullable === 'YES',
    }));
    const key = (c: ExpectedColumn) => `${c.table}.${c.column}`;
    expect(actual.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    for (const r of rows.filter((x) => x.data_type.startsWith('timestamp'))) expect(r.datetime_precision).toBe(3);
  });

  it('every @unique / @@unique has its unique index', async () => {
    const { uniques } = readSchema(readFileSync(schemaPath, 'utf8'));
    const rows = await db.prisma.$queryRaw<Array<{ tablename: string; indexname: string }>>`
      SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE 'CREATE UNIQUE INDEX%'`;
    const present = new Set(rows.map((r) => `${r.tablename}.${r.indexname}`));
    expect(uniques.length).toBeGreaterThan(0);
    for (const u of uniques) expect(present).toContain(`${u.table}.${u.index}`);
  });
});
