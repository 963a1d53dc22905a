import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createEvent, topicOf } from '@churn/contracts';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import { ingestionErrors } from './errors';
import { configuredSources } from './sources';

const requestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { sources: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } } },
} as const;

const acceptedSchema = {
  type: 'object',
  required: ['runId', 'eventId', 'sources'],
  properties: { runId: { type: 'string' }, eventId: { type: 'string' }, sources: { type: 'array', items: { type: 'string' } } },
} as const;

/** POST /ingestions starts a pipeline run now for the named sources (all when omitted). */
export async function ingestionRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: { sources?: string[] } }>(
    '/ingestions',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Start a pipeline run by ingesting sources now',
        body: requestSchema,
        response: { 202: acceptedSchema, 400: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const known = configuredSources(ctx.config).map((s) => s.name);
      const sources = request.body?.sources ?? known;
      const unknown = sources.find((s) => !known.includes(s));
      if (unknown) throw ingestionErrors.unknownSource(unknown, known);
      const runId = randomUUID();
      const event = createEvent('pipeline.run-requested', { trigger: 'api', sources }, { runId, producer: 'ingestion' });
      await ctx.bus.publish(topicOf('pipeline.run-requested'), event);
      return reply.status(202).send({ runId, eventId: event.id, sources });
    },
  );
}
