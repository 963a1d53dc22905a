import type { FastifyError, FastifyInstance } from 'fastify';
import { PlatformError } from '@churn/core';

/** Structured error body returned by every route. */
export const errorResponseSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: {},
  },
} as const;

/**
 * Maps errors to HTTP once: request validation -> 400 with each problem,
 * PlatformError -> its status (4xx shown as is), anything else -> 500 with
 * internals hidden (they are in the log).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | PlatformError | Error, request, reply) => {
    if ('validation' in error && error.validation) {
      return reply.status(400).send({
        code: 'CHURN_HTTP_INVALID_REQUEST',
        message: error.message,
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    const status =
      error instanceof PlatformError ? (error.statusCode ?? 500) : ((error as FastifyError).statusCode ?? 500);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({ code: 'CHURN_HTTP_INTERNAL', message: 'internal error; see the service log' });
    }
    const code = error instanceof PlatformError ? error.code : ((error as FastifyError).code ?? 'CHURN_HTTP_ERROR');
    const details = error instanceof PlatformError ? error.context : undefined;
    return reply.status(status).send({ code, message: error.message, details });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'CHURN_HTTP_NOT_FOUND', message: `no route ${request.method} ${request.url}` }),
  );
}
