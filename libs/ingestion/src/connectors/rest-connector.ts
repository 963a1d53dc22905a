import type { RestSourceConfig, RestSourceSettings } from '../sources-config/source-types';
import { DEFAULT_RETRY, realSleep, type Sleep } from './backoff';
import { createRequestBreaker, DEFAULT_CIRCUIT_BREAKER } from './circuit-breaker';
import type { ConnectorRun, RawPart, SourceConnector } from './connector';
import { ConnectorErrorCode, connectorError, requireSecret } from './errors';
import { classifyFetchError, getOnce } from './http-attempt';
import { NDJSON, partName, toNdjson } from './ndjson';
import { firstPageUrl, nextPageUrl, pageItems } from './rest-pages';
import { watermarkTracker } from './watermark';
import { abortedError, withRetries } from './with-retries';

/** What the REST connector needs from its host; secrets are read from `env` when a run starts. */
export interface RestConnectorDeps {
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  sleep?: Sleep;
  /** Source of randomness for the jittered backoff (default Math.random). */
  random?: () => number;
}

export const DEFAULT_REST_TIMEOUT_MS = 30_000;
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\b/i;

function requestHeaders(rest: RestSourceSettings, env: RestConnectorDeps['env'], source: string): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...rest.headers };
  if (rest.auth?.type === 'bearer') headers.authorization = `Bearer ${requireSecret(env, rest.auth.tokenEnv, source)}`;
  if (rest.auth?.type === 'header') headers[rest.auth.name] = requireSecret(env, rest.auth.valueEnv, source);
  return headers;
}

interface Page {
  items: unknown[];
  body: unknown;
  linkHeader: string | null;
}

/**
 * Reads a paginated JSON API (cursor, page, offset or Link pagination), one
 * NDJSON part per non-empty page. Each request has a timeout, is retried with
 * full-jitter backoff (or Retry-After) on network errors, timeouts, 408/429/5xx,
 * non-JSON or cut-short bodies, and goes through a circuit breaker shared by
 * every run of this connector.
 */
export function createRestConnector(source: RestSourceConfig, deps: RestConnectorDeps): SourceConnector {
  const { rest, name } = source;
  const fetchImpl = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? realSleep;
  const policy = rest.retry ?? DEFAULT_RETRY;
  const timeoutMs = rest.timeoutMs ?? DEFAULT_REST_TIMEOUT_MS;
  const breaker = createRequestBreaker(name, rest.circuitBreaker ?? DEFAULT_CIRCUIT_BREAKER);

  return {
    kind: 'rest',
    open({ watermark, signal, log }): ConnectorRun {
      const stats = { requests: 0, retries: 0, records: 0 };
      const tracker = watermarkTracker(watermark);
      const field = rest.incremental?.field;

      async function requestPage(url: URL, headers: Record<string, string>, attempt: number): Promise<Page> {
        stats.requests += 1;
        log.debug({ url: url.href, attempt }, 'GET page');
        const timeout = AbortSignal.timeout(timeoutMs);
        const response = await getOnce({ source: name, url: url.href, headers, signal, timeout, fetch: fetchImpl });
        const status = response.status;
        const contentType = response.headers.get('content-type') ?? '';
        if (!JSON_TYPE.test(contentType)) {
          await response.body?.cancel().catch(() => undefined);
          throw connectorError(ConnectorErrorCode.badResponse, name, `GET ${url.href} answered ${status} with content type "${contentType}", not JSON`, {
            retriable: true,
            status,
            context: { url: url.href, contentType },
          });
        }
        let text: string;
        try {
          text = await response.text();
        } catch (err) {
          throw classifyFetchError(err, { source: name, url: url.href, signal, timeout });
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (err) {
          throw connectorError(ConnectorErrorCode.badResponse, name, `GET ${url.href} answered invalid or truncated JSON (${text.length} chars)`, {
            retriable: true,
            status,
            cause: err,
            context: { url: url.href, bytes: text.length },
          });
        }
        const items = pageItems(body, rest.pagination.itemsField);
        if (items === undefined) {
          const where = rest.pagination.itemsField === undefined ? 'the body' : `field "${rest.pagination.itemsField}"`;
          throw connectorError(ConnectorErrorCode.badResponse, name, `GET ${url.href}: ${where} is not an array`, {
            retriable: false,
            status,
            context: { url: url.href },
          });
        }
        return { items, body, linkHeader: response.headers.get('link') };
      }

      /**
       * Fetches one page and keeps only what the run needs of it: its records
       * as NDJSON bytes, their count and the next page's URL. The parsed page
       * (and its text) die here, before the part is handed out: they never
       * wait through a store, so they can be collected young rather than
       * promoted to the old generation (REST's peak memory).
       */
      async function readPage(current: URL, pageNo: number, headers: Record<string, string>): Promise<{ records: number; body: Buffer | undefined; next: URL | undefined }> {
        const page = await withRetries((n) => breaker.fire(() => requestPage(current, headers, n)), {
          source: name,
          target: current.href,
          policy,
          signal,
          log,
          sleep,
          random: deps.random,
          onRetry: () => {
            stats.retries += 1;
          },
        });
        const records = page.items.length;
        stats.records += records;
        if (field !== undefined) for (const item of page.items) tracker.offer((item as Record<string, unknown> | null)?.[field]);
        log.info({ page: pageNo, records, url: current.href }, 'page read');
        const next = nextPageUrl(rest.pagination, { url: current, body: page.body, records, linkHeader: page.linkHeader });
        if (next !== undefined && next.href === current.href) {
          throw connectorError(ConnectorErrorCode.badResponse, name, `page ${pageNo} points to itself as the next page (${current.href})`, { retriable: false });
        }
        // An empty page (nothing new) lands nothing.
        return { records, body: records === 0 ? undefined : toNdjson(page.items), next };
      }

      async function* parts(): AsyncGenerator<RawPart> {
        const headers = requestHeaders(rest, deps.env, name);
        let url: URL | undefined = firstPageUrl(rest, watermark);
        let pageNo = 0;
        let partNo = 0;
        while (url !== undefined) {
          if (signal.aborted) throw abortedError(name, signal.reason);
          pageNo += 1;
          const { records, body, next } = await readPage(url, pageNo, headers);
          url = next;
          if (body === undefined) continue;
          partNo += 1;
          yield { name: partName('page', partNo), contentType: NDJSON, body, records };
        }
      }

      return {
        parts: parts(),
        watermark: () => tracker.current(),
        stats: () => ({ ...stats }),
      };
    },
  };
}
