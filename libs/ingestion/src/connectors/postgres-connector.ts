import pg from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import type { PostgresSourceConfig } from '../sources-config/source-types';
import type { ConnectorRun, RawPart, SourceConnector } from './connector';
import { ConnectorErrorCode, connectorError, requireSecret } from './errors';
import { CopyJsonLines, copyJsonLinesSql } from './copy-json-lines';
import { inlineParameter } from './inline-parameter';
import { NDJSON, NdjsonPartCutter, partName } from './ndjson';
import { classifyPgError } from './pg-errors';
import { rowValueTypes } from './pg-values';
import { watermarkTracker } from './watermark';
import { abortedError } from './with-retries';

/** What the Postgres connector needs from its host; the URL is read from `env[urlEnv]` when a run starts. */
export interface PostgresConnectorDeps {
  env: Record<string, string | undefined>;
  /** TCP connect + startup timeout (default 10 s). */
  connectTimeoutMs?: number;
}

export const DEFAULT_PG_BATCH_SIZE = 10_000;

/** The watermark a first incremental run starts from: before every timestamp and date. */
export const PG_START_WATERMARK = '-infinity';

const greatestPrefix = (column: string) => `SELECT max(q.${pg.escapeIdentifier(column)}) AS m FROM (`;

/**
 * Streams the configured query as NDJSON produced by the server (COPY of
 * row_to_json, no per-row work in Node) and cuts it into parts of
 * `batchSize` rows. Incremental: `$1` is the watermark (or
 * `incremental.initial`, or '-infinity'); the new watermark is the greatest
 * value of `incremental.column`, asked in the same snapshot. One connection
 * per run, in a read-only REPEATABLE READ transaction, session time zone UTC.
 * No retries here: connection failures are thrown retriable, SQL errors not.
 *
 * Row JSON is Postgres's own: timestamptz '2026-10-31T23:12:01.5+00:00',
 * timestamp without zone '2026-10-31T23:12:01.5', date '2026-10-31', int8 and
 * numeric as JSON numbers with all their digits, NaN/Infinity as strings.
 */
export function createPostgresConnector(source: PostgresSourceConfig, deps: PostgresConnectorDeps): SourceConnector {
  const { name, postgres } = source;
  const batchSize = postgres.batchSize ?? DEFAULT_PG_BATCH_SIZE;
  const column = postgres.incremental?.column;

  return {
    kind: 'postgres',
    open({ watermark, signal, log }): ConnectorRun {
      const stats = { requests: 0, retries: 0, records: 0 };
      const tracker = watermarkTracker(watermark);
      const queryFailed = (message: string, context: Record<string, unknown> = {}, cause?: unknown) =>
        connectorError(ConnectorErrorCode.queryFailed, name, message, { retriable: false, context, cause });

      /**
       * The query with the watermark written in as a literal: COPY takes no bind
       * parameters. escapeLiteral quotes it whole (quotes doubled, E'' with
       * doubled backslashes), so no watermark text can end the literal.
       */
      function boundQuery(client: pg.Client): string {
        if (column === undefined) return postgres.query;
        const value = watermark ?? postgres.incremental?.initial ?? PG_START_WATERMARK;
        let inlined: ReturnType<typeof inlineParameter>;
        try {
          inlined = inlineParameter(postgres.query, client.escapeLiteral(value));
        } catch (err) {
          throw queryFailed((err as Error).message);
        }
        if (inlined.replaced === 0) throw queryFailed('the query does not use $1 (the watermark) outside quotes and comments');
        return inlined.sql;
      }

      /** The greatest incremental value of the query's rows, typed as the rows' values are (rowValueTypes). */
      async function greatest(client: pg.Client, query: string, incremental: string): Promise<unknown> {
        const prefix = greatestPrefix(incremental);
        try {
          const { rows } = await client.query<{ m: unknown }>(`${prefix}${query}\n) q`);
          return rows[0]?.m;
        } catch (err) {
          // Undefined column, reported inside our own prefix: the query does not return the incremental column.
          const e = err as { code?: string; position?: string };
          if (e.code === '42703' && Number(e.position) <= prefix.length) {
            throw queryFailed(`incremental column ${incremental} is not in the query's result`, { column: incremental }, err);
          }
          throw err;
        }
      }

      async function* parts(): AsyncGenerator<RawPart> {
        const connectionString = requireSecret(deps.env, postgres.urlEnv, name);
        if (signal.aborted) throw abortedError(name, signal.reason);
        const client = new pg.Client({
          connectionString,
          connectionTimeoutMillis: deps.connectTimeoutMs ?? 10_000,
          application_name: `churn-ingestion:${name}`,
          types: rowValueTypes,
        });
        // A dropped idle connection emits 'error'; the running query fails on its own.
        client.on('error', (err) => log.warn({ err }, 'postgres connection error'));
        let copy: CopyToStreamQuery | undefined;
        const onAbort = () => copy?.destroy(abortedError(name, signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          stats.requests += 1;
          await client.connect();
          // REPEATABLE READ: the watermark query and the COPY see one snapshot. standard_conforming_strings: '' strings
          // without backslash escapes, as inlineParameter reads the query.
          await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL TIME ZONE 'UTC'; SET LOCAL standard_conforming_strings TO on");
          const query = boundQuery(client);
          if (column !== undefined) tracker.offer(await greatest(client, query, column));
          log.debug({ batchSize, watermark: watermark ?? null }, 'postgres copy');
          if (signal.aborted) throw abortedError(name, signal.reason);
          copy = client.query(copyTo(copyJsonLinesSql(query), { highWaterMark: 1 << 20 }));
          const lines = new CopyJsonLines();
          const cutter = new NdjsonPartCutter(batchSize);
          let partNo = 0;
          const part = (cut: { body: Buffer; records: number }): RawPart => {
            partNo += 1;
            stats.records += cut.records;
            const named = { name: partName('part', partNo), contentType: NDJSON, body: cut.body, records: cut.records };
            log.info({ part: named.name, records: cut.records }, 'rows read');
            return named;
          };
          for await (const chunk of copy as AsyncIterable<Buffer>) {
            for (const cut of cutter.push(lines.push(chunk))) {
              yield part(cut);
              // A stop asked while the consumer stored that part ends the run before the next one (a chunk may hold several).
              if (signal.aborted) throw abortedError(name, signal.reason);
            }
          }
          const last = cutter.end();
          if (last) yield part(last);
          await client.query('COMMIT');
        } catch (err) {
          if (signal.aborted) throw abortedError(name, signal.reason);
          if ((err as { code?: string }).code?.startsWith('CHURN_')) throw err;
          throw classifyPgError(name, err);
        } finally {
          signal.removeEventListener('abort', onAbort);
          await client.end().catch(() => undefined);
        }
      }

      return { parts: parts(), watermark: () => tracker.current(), stats: () => ({ ...stats }) };
    },
  };
}
