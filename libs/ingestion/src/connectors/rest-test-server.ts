import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** One scripted misbehaviour, consumed by the next data request. */
export type Fault =
  | { status: number; retryAfter?: string }
  | { slowMs: number }
  | { truncate: true }
  | { html: true };

export interface TestRecord extends Record<string, unknown> {
  id: string;
  updated_at: string;
}

/**
 * A small real HTTP server speaking the sample REST contract (cursor,
 * page + Link, offset; bearer auth; 400 on bad parameters) over in-memory
 * arrays, plus static files, with a queue of faults tests fill. Test support only.
 */
export interface RestTestServer {
  url: string;
  token: string;
  faults: Fault[];
  /** Data requests received, per path. */
  hits: Map<string, number>;
  files: Map<string, Buffer>;
  invoices: TestRecord[];
  tickets: TestRecord[];
  cancellations: TestRecord[];
  close(): Promise<void>;
}

function intParam(value: unknown, fallback: number, min: number, max: number): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : `must be an integer in ${min}..${max}`;
}

export function makeRecords(prefix: string, count: number, start = Date.UTC(2026, 0, 1)): TestRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(4, '0')}`,
    customer_id: `C${String(i + 1).padStart(7, '0')}`,
    amount: 10 + i,
    note: i % 3 === 0 ? 'ünïcødé "quoted"' : null,
    updated_at: new Date(start + i * 3_600_000).toISOString().replace('.000Z', 'Z'),
  }));
}

export async function startRestTestServer(init: { token?: string; records?: number } = {}): Promise<RestTestServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  const count = init.records ?? 25;
  const state: Omit<RestTestServer, 'url' | 'close'> = {
    token: init.token ?? 'test-token',
    faults: [],
    hits: new Map(),
    files: new Map(),
    invoices: makeRecords('I', count),
    tickets: makeRecords('T', count),
    cancellations: makeRecords('X', count),
  };
  const since = (records: TestRecord[], q: Record<string, string | undefined>) =>
    q.updated_since === undefined ? records : records.filter((r) => r.updated_at > (q.updated_since as string));

  // Auth, then one fault per data request. Returns true when the reply is already sent.
  async function gate(req: FastifyRequest, reply: FastifyReply, auth = true): Promise<boolean> {
    const path = req.url.split('?')[0] ?? '';
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    const fault = state.faults.shift();
    if (fault && 'slowMs' in fault) await new Promise((r) => setTimeout(r, fault.slowMs));
    if (fault && 'status' in fault) {
      if (fault.retryAfter !== undefined) reply.header('retry-after', fault.retryAfter);
      await reply.code(fault.status).send({ error: `injected ${fault.status}` });
      return true;
    }
    if (fault && 'html' in fault) {
      await reply.type('text/html').send('<html><body>Down for maintenance</body></html>');
      return true;
    }
    if (auth && req.headers.authorization !== `Bearer ${state.token}`) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
      return true;
    }
    if (fault && 'truncate' in fault) {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json' });
      reply.raw.end('{"data":[{"id":"I0001","upd');
      return true;
    }
    return false;
  }
  const bad = (reply: FastifyReply, error: string) => reply.code(400).send({ error });

  app.get('/billing/invoices', async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const q = req.query as Record<string, string | undefined>;
    const limit = intParam(q.limit, 100, 1, 1000);
    if (typeof limit === 'string') return bad(reply, `limit ${limit}`);
    const offset = q.cursor === undefined ? 0 : Number(Buffer.from(q.cursor, 'base64url').toString());
    if (!Number.isInteger(offset)) return bad(reply, 'cursor is invalid');
    const all = since(state.invoices, q);
    const data = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    return { data, next_cursor: next };
  });

  app.get('/support/tickets', async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const q = req.query as Record<string, string | undefined>;
    const page = intParam(q.page, 1, 1, 1_000_000);
    const perPage = intParam(q.per_page, 100, 1, 500);
    if (typeof page === 'string') return bad(reply, `page ${page}`);
    if (typeof perPage === 'string') return bad(reply, `per_page ${perPage}`);
    const all = since(state.tickets, q);
    if (page * perPage < all.length) {
      const next = new URL(`${baseUrl}/support/tickets`);
      next.searchParams.set('page', String(page + 1));
      next.searchParams.set('per_page', String(perPage));
      if (q.updated_since !== undefined) next.searchParams.set('updated_since', q.updated_since);
      reply.header('link', `<${next.href}>; rel="next"`);
    }
    return all.slice((page - 1) * perPage, page * perPage);
  });

  app.get('/cancellations', async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const q = req.query as Record<string, string | undefined>;
    const offset = intParam(q.offset, 0, 0, 1_000_000_000);
    const limit = intParam(q.limit, 100, 1, 1000);
    if (typeof offset === 'string') return bad(reply, `offset ${offset}`);
    if (typeof limit === 'string') return bad(reply, `limit ${limit}`);
    const all = since(state.cancellations, q);
    return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
  });

  // Static files for the CSV connector: no auth (like a public export link), faults apply.
  app.get('/files/:name', async (req, reply) => {
    if (await gate(req, reply, false)) return reply;
    const file = state.files.get((req.params as { name: string }).name);
    if (!file) return reply.code(404).send({ error: 'not found' });
    return reply.type('text/csv').send(file);
  });

  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return Object.assign(state, { url: baseUrl, close: () => app.close() });
}
