import pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { PostgresSourceConfig } from '../sources-config/source-types';
import type { ConnectorRun, RawPart, SourceConnector } from './connector';
import { ConnectorErrorCode, connectorError, requireSecret } from './errors';
import { NDJSON, partName, toNdjson } from './ndjson';
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

/**
 * Streams the configured query through a server-side cursor (pg-query-stream)
 * and cuts the rows into NDJSON parts of `batchSize` rows. Incremental: $1 is
 * the watermark (or `incremental.initial`, or '-infinity'); the new watermark
 * is the greatest value of `incremental.column` seen. One connection per run,
 * in a read-only transaction, session time zone UTC. No retries here:
 * connection failures are thrown retriable, SQL errors not.
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
        let stream: QueryStream | undefined;
        const onAbort = () => stream?.destroy(abortedError(name, signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          stats.requests += 1;
          await client.connect();
          await client.query("BEGIN READ ONLY; SET LOCAL TIME ZONE 'UTC'");
          const values = column === undefined ? [] : [watermark ?? postgres.incremental?.initial ?? PG_START_WATERMARK];
          log.debug({ batchSize, params: values }, 'postgres query');
          stream = client.query(new QueryStream(postgres.query, values, { batchSize, types: rowValueTypes }));
          let batch: unknown[] = [];
          let partNo = 0;
          const flush = (): RawPart => {
            partNo += 1;
            const part = { name: partName('part', partNo), contentType: NDJSON, body: toNdjson(batch), records: batch.length };
            log.info({ part: part.name, records: batch.length }, 'rows read');
            batch = [];
            return part;
          };
          for await (const row of stream as AsyncIterable<Record<string, unknown>>) {
            if (column !== undefined) {
              if (!(column in row)) {
                throw connectorError(ConnectorErrorCode.queryFailed, name, `incremental column ${column} is not in the query's result`, { retriable: false, context: { column } });
              }
              tracker.offer(row[column]);
            }
            batch.push(row);
            stats.records += 1;
            if (batch.length >= batchSize) yield flush();
          }
          if (batch.length > 0) yield flush();
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
