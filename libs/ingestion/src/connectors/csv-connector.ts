import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CsvSourceConfig } from '../sources-config/source-types';
import { realSleep, type RetryPolicy, type Sleep } from './backoff';
import type { ConnectorRun, RawPart, SourceConnector } from './connector';
import { openFile, openHttp, openS3, parseCsvLocation } from './csv-openers';
import { abortedError, withRetries } from './with-retries';

/** What the CSV connector needs from its host. */
export interface CsvConnectorDeps {
  /** Client for s3:// locations (e.g. built from the lake's S3 settings). */
  s3?: S3Client;
  fetch?: typeof fetch;
  sleep?: Sleep;
  /** Retries of opening an http(s) or s3 location (default 4 attempts, 500 ms .. 10 s). */
  retry?: RetryPolicy;
  /** Wait for the response head of an http(s) location (default 30 s). */
  timeoutMs?: number;
}

export const DEFAULT_CSV_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 500, maxDelayMs: 10_000 };

function fileName(location: string, fallback: string): string {
  const parsed = parseCsvLocation(location);
  const path = parsed.type === 'http' ? decodeURIComponent(new URL(parsed.url).pathname) : parsed.type === 's3' ? parsed.key : parsed.path;
  const name = basename(path);
  return name === '' || name === '/' ? fallback : name;
}

/**
 * Reads one CSV file from a local path, an http(s) URL or s3://bucket/key
 * and hands it on as one part, byte for byte (no decoding: the source's
 * encoding is the readers' business). Opening is retried for http and s3;
 * a missing file/URL/key is CHURN_INGESTION_SOURCE_NOT_FOUND, not retried.
 * CSV has no watermark: the input one is returned unchanged.
 */
export function createCsvConnector(source: CsvSourceConfig, deps: CsvConnectorDeps = {}): SourceConnector {
  const { name, csv } = source;
  const location = parseCsvLocation(csv.location);
  const policy = deps.retry ?? DEFAULT_CSV_RETRY;
  return {
    kind: 'csv',
    open({ watermark, signal, log }): ConnectorRun {
      const stats = { requests: 0, retries: 0, records: 0 };
      const retrying = (attempt: () => Promise<Readable>) =>
        withRetries(
          async (n) => {
            stats.requests += 1;
            log.debug({ location: csv.location, attempt: n }, 'opening CSV');
            return attempt();
          },
          { source: name, target: csv.location, policy, signal, log, sleep: deps.sleep ?? realSleep, onRetry: () => void (stats.retries += 1) },
        );
      async function* parts(): AsyncGenerator<RawPart> {
        if (signal.aborted) throw abortedError(name, signal.reason);
        let body: Readable;
        if (location.type === 'file') {
          stats.requests += 1;
          body = await openFile(name, location.path);
        } else if (location.type === 'http') {
          body = await retrying(() => openHttp({ source: name, url: location.url, signal, timeoutMs: deps.timeoutMs ?? 30_000, fetch: deps.fetch ?? fetch }));
        } else {
          body = await retrying(() => openS3({ source: name, bucket: location.bucket, key: location.key, client: deps.s3, signal }));
        }
        log.info({ location: csv.location }, 'CSV opened');
        yield { name: fileName(csv.location, `${name}.csv`), contentType: 'text/csv', body };
      }
      return { parts: parts(), watermark: () => watermark, stats: () => ({ ...stats }) };
    },
  };
}
