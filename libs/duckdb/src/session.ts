import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** DuckDB worker threads (default 1: the engine's figures are per core). */
  threads?: number;
  /** e.g. '512MB'; default DuckDB's (80% of RAM). Past it, DuckDB spills to `spillDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB writes what does not fit in `memoryLimit`; removed by the caller. */
  spillDirectory?: string;
  /** Statements run once the database is open (macros, settings). */
  setup?: readonly string[];
}

/** One in-memory DuckDB database for one unit of work (a suite run, a preparation, a feature computation); closed when it ends. */
export interface Session {
  readonly connection: DuckDBConnection;
  /** Runs statements that return nothing of interest. */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its rows as JSON-friendly objects (BIGINT as number when safe). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): void;
}

/**
 * Opens an in-memory DuckDB with bounded threads and memory: past `memoryLimit` it spills to `spillDirectory`
 * rather than growing. Extensions are never downloaded (json and parquet are built in).
 */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 1),
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
    // An in-memory database spills its tables and operators here instead of failing when the limit is reached.
    ...(options.spillDirectory ? { temp_directory: options.spillDirectory } : {}),
    // Extensions are never downloaded at run time: json and parquet are built in.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'true',
  });
  const connection = await instance.connect();
  const session: Session = {
    connection,
    async exec(sql) {
      await connection.run(sql);
    },
    async rows<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map(normalizeRow) as T[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  for (const statement of options.setup ?? []) await session.exec(statement);
  return session;
}

// BIGINT comes back as bigint, DECIMAL/HUGEINT as objects: plain numbers are what the result carries.
function normalize(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    if ('entries' in value && Array.isArray((value as { entries: unknown }).entries)) {
      return (value as { entries: Array<{ key: unknown; value: unknown }> }).entries.map((e) => ({ key: normalize(e.key), value: normalize(e.value) }));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

const normalizeRow = (row: Record<string, unknown>): Record<string, unknown> => normalize(row) as Record<string, unknown>;
