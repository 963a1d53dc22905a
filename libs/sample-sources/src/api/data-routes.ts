import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SampleApiCollections } from './options';
import { checkKnown, cursorParam, encodeCursor, intParam, sinceParam } from './query-params';
import { RecordScanner } from './record-scanner';

type Query = Record<string, unknown>;

/** Route config marking the data endpoints (auth, rate limit and faults apply). */
export const DATA_ROUTE = { kind: 'data' } as const;

const MAX_PAGE = 1_000_000_000_000;

/** The three data endpoints of the HTTP contract: cursor, page + Link, and offset pagination. */
export function registerDataRoutes(app: FastifyInstance, collections: SampleApiCollections): void {
  const invoices = new RecordScanner(collections.invoices);
  const tickets = new RecordScanner(collections.tickets);
  const cancellations = new RecordScanner(collections.cancellations);

  app.get('/billing/invoices', { config: DATA_ROUTE }, async (request) => {
    const query = request.query as Query;
    checkKnown(query, ['limit', 'cursor', 'updated_since']);
    const limit = intParam(query, 'limit', 100, 1, 1000);
    const since = sinceParam(query);
    const from = cursorParam(query, collections.invoices.size);
    const { records, nextIndex } = await invoices.scanFrom(from, limit, since.ms);
    return { data: records, next_cursor: nextIndex === null ? null : encodeCursor(nextIndex) };
  });

  app.get('/support/tickets', { config: DATA_ROUTE }, async (request, reply) => {
    const query = request.query as Query;
    checkKnown(query, ['page', 'per_page', 'updated_since']);
    const page = intParam(query, 'page', 1, 1, MAX_PAGE);
    const perPage = intParam(query, 'per_page', 100, 1, 500);
    const since = sinceParam(query);
    const { records, nextIndex } = await tickets.slice((page - 1) * perPage, perPage, since.ms);
    if (nextIndex !== null) {
      const next = new URLSearchParams({ page: String(page + 1), per_page: String(perPage) });
      if (since.text !== undefined) next.set('updated_since', since.text);
      reply.header('link', `<${baseUrl(request)}/support/tickets?${next.toString()}>; rel="next"`);
    }
    return records;
  });

  app.get('/cancellations', { config: DATA_ROUTE }, async (request) => {
    const query = request.query as Query;
    checkKnown(query, ['offset', 'limit', 'updated_since']);
    const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(query, 'limit', 100, 1, 1000);
    const since = sinceParam(query);
    // Total first: its scan leaves checkpoints that make the slice cheap.
    const total = await cancellations.total(since.ms);
    const { records } = await cancellations.slice(offset, limit, since.ms);
    return { items: records, total, offset, limit };
  });
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
