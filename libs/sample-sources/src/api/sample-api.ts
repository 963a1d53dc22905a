import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { registerDataRoutes } from './data-routes';
import { FaultInjector, type FaultSettings } from './faults';
import { registerGuard } from './guard';
import { type SampleApiOptions, checkFaultSettings, validateFaultSettings, validateSampleApiOptions } from './options';
import { BadRequest } from './query-params';
import { RateLimiter } from './rate-limiter';

const CONTROL_ROUTE = { kind: 'control' } as const;

function buildSampleApi(options: SampleApiOptions): { app: FastifyInstance; faults: FaultInjector } {
  validateSampleApiOptions(options);
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as unknown as FastifyBaseLogger } : { logger: false }),
  });
  const faults = new FaultInjector(options.faults ?? {});
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof BadRequest) return reply.code(400).send({ error: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    request.log.error({ err }, 'sample API request failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  registerGuard(app, { token: options.token, limiter, faults });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/_faults', { config: CONTROL_ROUTE }, async () => faults.settings);
  app.put('/_faults', { config: CONTROL_ROUTE }, async (request, reply) => {
    const checked = checkFaultSettings(request.body);
    if (!checked.ok) return reply.code(400).send({ error: checked.message });
    faults.replace(checked.settings);
    request.log.info({ faults: checked.settings }, 'fault settings replaced');
    return faults.settings;
  });
  registerDataRoutes(app, options.collections);
  return { app, faults };
}

/**
 * The sample REST API (billing invoices, support tickets, cancellations) over
 * lazily generated collections, with bearer auth, an optional per-token rate
 * limit and switchable faults. Not listening yet: see {@link startSampleApi}.
 */
export async function createSampleApi(options: SampleApiOptions): Promise<FastifyInstance> {
  const { app } = buildSampleApi(options);
  await app.ready();
  return app;
}

/** A listening sample API. */
export interface RunningSampleApi {
  /** e.g. `http://127.0.0.1:4600`. */
  url: string;
  /** Replaces the fault settings, as `PUT /_faults` does. */
  setFaults(faults: FaultSettings): void;
  close(): Promise<void>;
}

/** Starts the sample API on `host` (default 127.0.0.1) and `port` (default 0: a free port). */
export async function startSampleApi(options: SampleApiOptions & { host?: string; port?: number }): Promise<RunningSampleApi> {
  const { host = '127.0.0.1', port = 0, ...apiOptions } = options;
  const { app, faults } = buildSampleApi(apiOptions);
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    setFaults: (settings) => faults.replace(validateFaultSettings(settings)),
    close: () => app.close(),
  };
}
