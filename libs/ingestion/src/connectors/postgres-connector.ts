import pg from 'pg';
import type { PostgresSourceConfig } from '../sources-config/source-types';
import type { ConnectorRun, RawPart, SourceConnector } from './connector';
import { CopyOutFrames } from './copy-out-frames';
import { CopyTextRows } from './copy-text-rows';
import { ConnectorErrorCode, connectorError, requireSecret } from './errors';
import { inlineParameter } from './inline-parameter';
import { NDJSON, partName } from './ndjson';
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

/**
 * Without `batchSize`, a part is cut once it holds this many bytes of NDJSON
 * (~14,000 rows of the usage table). Measured on 10^7 usage rows at the same
 * load (bench/ingestion/README.md): 26 s against 35 s for 10,000-row parts
 * (1.4 MB; storing a part, two fsyncs and an artifact row, costs the same
 * whatever its size); 4 MB parts took the same CPU but raised the peak
 * memory by ~50 MiB (two stored at once, one read ahead, one being built).
 */
export const DEFAULT_PG_PART_BYTES = 2_000_000;

/** The watermark a first incremental run starts from: before every timestamp and date. */
export const PG_START_WATERMARK = '-infinity';

/** The result's columns (names and type oids), without running the query. */
const describeSql = (query: string) => `SELECT * FROM (${query}\n) q LIMIT 0`;
/**
 * Text format: the cheapest output for the server. Server-side JSON
 * (row_to_json) costs it 2-3x the CPU of the plain rows, more than the whole
 * conversion in Node; see bench/ingestion/README.md.
 */
const copySql = (query: string) => `COPY (${query}\n) TO STDOUT`;

/**
 * Streams the configured query with `COPY (query) TO STDOUT` and turns its
 * text rows into NDJSON parts of `batchSize` rows, or of ~`partBytes` bytes
 * (default 2 MB when no `batchSize` is set; with both, whichever comes
 * first) (CopyTextRows: the same
 * JSON as JSON.stringify of pg's row objects with rowValueTypes, without
 * building them). Incremental: `$1` is the watermark (or
 * `incremental.initial`, or '-infinity'); the new watermark is the greatest
 * value of `incremental.column` seen. One connection per run, in a read-only
 * REPEATABLE READ transaction, session time zone UTC, ISO dates. No retries
 * here: connection failures are thrown retriable, SQL errors not.
 */
export function createPostgresConnector(source: PostgresSourceConfig, deps: PostgresConnectorDeps): SourceConnector {
  const { name, postgres } = source;
  const limits = {
    rows: postgres.batchSize ?? Infinity,
    bytes: postgres.partBytes ?? (postgres.batchSize === undefined ? DEFAULT_PG_PART_BYTES : Infinity),
  };
  const column = postgres.incremental?.column;

  return {
    kind: 'postgres',
    open({ watermark, signal, log }): ConnectorRun {
      const stats = { requests: 0, retries: 0, records: 0 };
      const tracker = watermarkTracker(watermark);
      const queryFailed = (message: string, context: Record<string, unknown> = {}) =>
        connectorError(ConnectorErrorCode.queryFailed, name, message, { retriable: false, context });

      /**
       * The query with the watermark written in as a literal, because COPY
       * takes no bind parameters. escapeLiteral quotes the whole text (quotes
       * doubled; E'' with doubled backslashes when it has any), so no
       * watermark can end the literal; an untyped literal takes its type from
       * its context exactly as an untyped $1 does.
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
        let copy: CopyOutFrames | undefined;
        const onAbort = () => copy?.destroy(abortedError(name, signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          stats.requests += 1;
          await client.connect();
          // REPEATABLE READ: the description and the COPY see one snapshot. standard_conforming_strings: '' strings
          // without backslash escapes, as inlineParameter reads them. DateStyle ISO: the text CopyTextRows expects.
          await client.query(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL TIME ZONE 'UTC'; SET LOCAL standard_conforming_strings TO on; SET LOCAL DateStyle TO ISO",
          );
          const query = boundQuery(client);
          const { fields } = await client.query(describeSql(query));
          if (column !== undefined && !fields.some((f) => f.name === column)) {
            throw queryFailed(`incremental column ${column} is not in the query's result`, { column });
          }
          log.debug({ batchSize: postgres.batchSize, partBytes: limits.bytes, watermark: watermark ?? null, columns: fields.length }, 'postgres copy');
          if (signal.aborted) throw abortedError(name, signal.reason);
          copy = client.query(new CopyOutFrames(copySql(query)));
          const rows = new CopyTextRows(fields, column === undefined ? undefined : { column, offer: tracker.offer });
          let partNo = 0;
          const ready: RawPart[] = [];
          const onPart = (cut: { body: Buffer; records: number }) => {
            partNo += 1;
            stats.records += cut.records;
            const part: RawPart = {
              name: partName('part', partNo),
              contentType: NDJSON,
              body: cut.body,
              records: cut.records,
              release: () => rows.recycle(cut.body),
            };
            log.info({ part: part.name, records: cut.records }, 'rows read');
            ready.push(part);
          };
          for await (const frames of copy as AsyncIterable<Buffer>) {
            rows.pushFrames(frames, limits, onPart);
            for (let part = ready.shift(); part; part = ready.shift()) {
              yield part;
              // A stop asked while the consumer stored that part ends the run before the next one (a chunk may hold several).
              if (signal.aborted) throw abortedError(name, signal.reason);
            }
          }
          const last = rows.end();
          if (last) onPart(last);
          for (let part = ready.shift(); part; part = ready.shift()) yield part;
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
