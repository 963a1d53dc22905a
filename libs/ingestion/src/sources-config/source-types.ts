/** Settings of a CSV source: one file, stored byte for byte. */
export interface CsvSourceSettings {
  /** A local path, an http(s) URL or s3://bucket/key. */
  location: string;
  /** Any encoding name iconv-lite knows (loadSourcesConfig fills in 'utf-8'). The bytes are stored unchanged; readers decode. */
  encoding?: string;
  /** Field delimiter (loadSourcesConfig fills in ','). */
  delimiter?: string;
}

export interface CursorPagination {
  type: 'cursor';
  cursorParam: string;
  nextCursorField: string;
  itemsField: string;
  limitParam?: string;
  limit?: number;
}

export interface PagePagination {
  type: 'page';
  pageParam: string;
  perPageParam?: string;
  perPage?: number;
  /** Absent: the body is the array. */
  itemsField?: string;
}

export interface OffsetPagination {
  type: 'offset';
  offsetParam: string;
  limitParam: string;
  limit: number;
  itemsField: string;
  totalField?: string;
}

/** Follows `Link: <...>; rel="next"` until a page has none. */
export interface LinkPagination {
  type: 'link';
  itemsField?: string;
}

export type RestPagination = CursorPagination | PagePagination | OffsetPagination | LinkPagination;

/** Secrets are named by environment variable and read when a run starts. */
export type RestAuth = { type: 'bearer'; tokenEnv: string } | { type: 'header'; name: string; valueEnv: string };

export interface RetrySettings {
  /** Attempts in total, the first one included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface CircuitBreakerSettings {
  /** Consecutive failed requests that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before one trial request is let through. */
  resetAfterMs: number;
}

export interface RestSourceSettings {
  url: string;
  pagination: RestPagination;
  /** Sends the watermark as `param`; the new watermark is max(record[field]). */
  incremental?: { param: string; field: string };
  auth?: RestAuth;
  headers?: Record<string, string>;
  timeoutMs?: number;
  retry?: RetrySettings;
  circuitBreaker?: CircuitBreakerSettings;
}

export interface PostgresSourceSettings {
  /** Name of the environment variable holding the connection URL. */
  urlEnv: string;
  /** Uses $1 for the watermark when incremental. */
  query: string;
  incremental?: { column: string; initial?: string };
  /** Rows per part. Without it, parts are cut by size (partBytes). */
  batchSize?: number;
  /** Bytes of NDJSON per part (the row reaching it is the part's last): default 2,000,000 when batchSize is not set. */
  partBytes?: number;
}

/** A column type the suite suggester may be told (`columns.types`). */
export type ColumnTypeHint = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';

/**
 * How the validator reads the source's raw columns. Ingestion stores the raw data byte for byte and never applies it;
 * the validator renames CSV headers and NDJSON properties and ignores dropped ones before the suite's rules.
 */
export interface SourceColumnsSettings {
  /** Raw header (or property) -> platform name (`customerID` -> `customer_id`); a name matching `^[a-z][a-z0-9_]*$`, one raw column per name. */
  rename?: Record<string, string>;
  /** Raw columns the validator ignores (before renaming; never also renamed). */
  drop?: string[];
  /** Type hints by platform name, for the suite suggester. */
  types?: Record<string, ColumnTypeHint>;
}

interface SourceBase {
  name: string;
  /** Cron expression (5 or 6 fields, or a nickname such as @daily). */
  schedule?: string;
  enabled: boolean;
  description?: string;
  columns?: SourceColumnsSettings;
}

export interface CsvSourceConfig extends SourceBase {
  kind: 'csv';
  csv: CsvSourceSettings;
}

export interface RestSourceConfig extends SourceBase {
  kind: 'rest';
  rest: RestSourceSettings;
}

export interface PostgresSourceConfig extends SourceBase {
  kind: 'postgres';
  postgres: PostgresSourceSettings;
}

/** One configured source, after validation, interpolation and defaults. */
export type SourceConfig = CsvSourceConfig | RestSourceConfig | PostgresSourceConfig;

export type SourceKind = SourceConfig['kind'];

/** The whole sources file. */
export interface SourcesConfig {
  sources: SourceConfig[];
}
