import { timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FaultInjector } from './faults';
import type { RateLimiter } from './rate-limiter';

/** Route kinds the guard knows; routes without one (e.g. /healthz) are open. */
export type RouteKind = 'data' | 'control';

const MAINTENANCE_PAGE =
  '<!doctype html><html><head><title>Maintenance</title></head>' +
  '<body><h1>We will be back soon</h1><p>The service is down for maintenance.</p></body></html>';

/**
 * Bearer auth on every guarded route; on data routes also the rate limit and
 * the injected faults, in that order (a rejected request consumes no fault).
 */
export function registerGuard(
  app: FastifyInstance,
  deps: { token: string; limiter: RateLimiter | undefined; faults: FaultInjector },
): void {
  const truncated = new WeakSet<FastifyRequest>();
  const expected = Buffer.from(`Bearer ${deps.token}`);

  app.addHook('onRequest', async (request, reply) => {
    const kind = (request.routeOptions.config as { kind?: RouteKind } | undefined)?.kind;
    if (kind === undefined) return;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
    if (kind !== 'data') return;
    const limited = deps.limiter?.take(deps.token);
    if (limited && !limited.allowed) {
      return reply.code(429).header('retry-after', String(limited.retryAfterSeconds)).send({ error: 'rate limited' });
    }
    const { decision, delayMs } = deps.faults.next();
    if (decision.kind !== 'none' || delayMs > 0) request.log.debug({ fault: decision, delayMs }, 'injecting fault');
    if (delayMs > 0) await delay(delayMs);
    switch (decision.kind) {
      case 'fail':
        if (decision.status === 429) reply.header('retry-after', '1');
        return reply.code(decision.status).send({ error: `injected failure (${decision.status})` });
      case 'error':
        return reply.code(decision.status).send({ error: 'injected server error' });
      case 'wrongContentType':
        return reply.code(200).type('text/html; charset=utf-8').send(MAINTENANCE_PAGE);
      case 'truncate':
        truncated.add(request);
        return;
      case 'none':
        return;
    }
  });

  // The cut body still gets a matching Content-Length, so the exchange ends cleanly and only JSON.parse fails.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!truncated.has(request) || reply.statusCode !== 200) return payload;
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    reply.type('application/json; charset=utf-8');
    return text.slice(0, Math.floor(text.length / 2));
  });
}
