import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installErrorHandler } from './error-handler';
import type { ServiceContext, ServiceDefinition } from './service-definition';
import { systemRoutes } from './system.routes';

/**
 * The Fastify app of one service, not yet listening: OpenAPI docs at /docs,
 * system routes, the structured error handler, then the service's routes.
 * Tests call this and use `app.inject()`.
 */
export async function buildServiceApp(definition: ServiceDefinition, ctx: ServiceContext): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is Fastify's logger; the cast only bridges two copies of its types.
    loggerInstance: ctx.logger as unknown as FastifyBaseLogger,
    requestTimeout: 60_000,
    bodyLimit: 10 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: `churn ${definition.name}`, description: definition.description, version: '1' },
      tags: [{ name: 'system' }, { name: definition.name }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  installErrorHandler(app);

  app.addHook('onResponse', async (request, reply) => {
    ctx.metrics.httpDuration
      .labels(request.method, request.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  await app.register(async (scope) => systemRoutes(scope, ctx));
  if (definition.routes) {
    const routes = definition.routes;
    await app.register(async (scope) => routes(scope, ctx));
  }
  await app.ready();
  return app;
}
