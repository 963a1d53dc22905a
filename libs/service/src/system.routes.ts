import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from './service-definition';

const READY_TIMEOUT_MS = 3000;

async function check(name: string, probe: () => Promise<void>): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const checkSchema = {
  type: 'object',
  required: ['name', 'ok'],
  properties: { name: { type: 'string' }, ok: { type: 'boolean' }, error: { type: 'string' } },
} as const;
const readySchema = {
  type: 'object',
  required: ['status', 'checks'],
  properties: { status: { type: 'string', enum: ['ready', 'not-ready'] }, checks: { type: 'array', items: checkSchema } },
} as const;

/** Liveness, readiness (bus, database and storage reachable) and Prometheus metrics. */
export async function systemRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process is up',
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['system'], summary: 'Readiness: bus, database and storage answer', response: { 200: readySchema, 503: readySchema } } },
    async (_request, reply) => {
      const checks = await Promise.all([
        check('bus', () => ctx.bus.ping()),
        check('database', () => ctx.db.ping()),
        check('storage', () => ctx.storage.ping()),
      ]);
      const ready = checks.every((c) => c.ok);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['system'], summary: 'Prometheus metrics', produces: ['text/plain'], response: { 200: { type: 'string' } } } },
    async (_request, reply) => reply.type(ctx.registry.contentType).send(await ctx.registry.metrics()),
  );
}
