import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PlatformError } from '@churn/core';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import { ingestionErrors } from './errors';
import type { SourceIngestionOutcome } from './run-source-ingestion';
import type { ConfiguredSource } from './sources';

const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    source: { type: 'string' },
    kind: { type: 'string' },
    trigger: { type: 'string' },
    pipelineRunId: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['running', 'succeeded', 'failed', 'abandoned'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    durationMs: { type: ['integer', 'null'] },
    records: { type: 'integer' },
    bytes: { type: 'integer' },
    parts: { type: 'integer' },
    requests: { type: 'integer' },
    retries: { type: 'integer' },
    watermarkBefore: { type: ['string', 'null'] },
    watermarkAfter: { type: ['string', 'null'] },
    manifestKey: { type: ['string', 'null'] },
    error: { type: ['object', 'null'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
} as const;

type RunRow = Awaited<ReturnType<ServiceContext['db']['prisma']['ingestionRun']['findUniqueOrThrow']>>;
const toJson = (run: RunRow) => ({
  ...run,
  records: Number(run.records),
  bytes: Number(run.bytes),
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

/** Ingestion runs: start one source now, list runs, show one, list sources with their watermarks. */
export async function ingestionRoutes(
  app: FastifyInstance,
  deps: { ctx: ServiceContext; sources: ConfiguredSource[]; start: (source: ConfiguredSource, ingestionRunId: string) => Promise<SourceIngestionOutcome> },
): Promise<void> {
  const { ctx, sources } = deps;
  const prisma = ctx.db.prisma;

  app.post<{ Body: { source: string } }>(
    '/ingestions',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Ingest one source now',
        body: { type: 'object', additionalProperties: false, required: ['source'], properties: { source: { type: 'string', minLength: 1 } } },
        response: {
          202: { type: 'object', required: ['id', 'source', 'status'], properties: { id: { type: 'string' }, source: { type: 'string' }, status: { type: 'string' } } },
          400: errorResponseSchema,
          404: errorResponseSchema,
          409: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const source = sources.find((s) => s.name === request.body.source);
      if (!source) throw ingestionErrors.unknownSource(request.body.source, sources.map((s) => s.name), 404);
      const lease = await prisma.sourceLease.findUnique({ where: { source: source.name } });
      if (lease && lease.expiresAt > new Date()) throw ingestionErrors.sourceBusy(source.name, lease.holder);
      const id = randomUUID();
      // The run goes on after the answer; its outcome is in GET /ingestions/:id.
      deps.start(source, id).catch((err: unknown) => request.log.warn({ err, source: source.name, ingestionRunId: id }, 'requested ingestion failed'));
      return reply.status(202).send({ id, source: source.name, status: 'running' });
    },
  );

  app.get<{ Querystring: { source?: string; status?: string; limit: number } }>(
    '/ingestions',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Ingestion runs, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string' },
            status: { type: 'string', enum: ['running', 'succeeded', 'failed', 'abandoned'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: { 200: { type: 'array', items: runSchema }, 400: errorResponseSchema },
      },
    },
    async (request) => {
      const { source, status, limit } = request.query;
      const runs = await prisma.ingestionRun.findMany({
        where: { ...(source ? { source } : {}), ...(status ? { status } : {}) },
        orderBy: { startedAt: 'desc' },
        take: limit,
      });
      return runs.map(toJson);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/ingestions/:id',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'One ingestion run',
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['id'] },
        response: { 200: runSchema, 404: errorResponseSchema },
      },
    },
    async (request) => {
      const run = await prisma.ingestionRun.findUnique({ where: { id: request.params.id } });
      if (!run) throw new PlatformError('CHURN_INGESTION_RUN_NOT_FOUND', `no ingestion run ${request.params.id}`, { statusCode: 404 });
      return toJson(run);
    },
  );

  app.get(
    '/sources',
    {
      schema: {
        tags: ['ingestion'],
        summary: 'Configured sources with their watermark and last run',
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                kind: { type: 'string' },
                schedule: { type: ['string', 'null'] },
                incremental: { type: 'boolean' },
                watermark: { type: ['string', 'null'] },
                lastRun: { anyOf: [runSchema, { type: 'null' }] },
              },
            },
          },
        },
      },
    },
    async () =>
      Promise.all(
        sources.map(async (s) => {
          const [watermark, lastRun] = await Promise.all([
            prisma.sourceWatermark.findUnique({ where: { source: s.name } }),
            prisma.ingestionRun.findFirst({ where: { source: s.name }, orderBy: { startedAt: 'desc' } }),
          ]);
          return {
            name: s.name,
            kind: s.kind,
            schedule: s.config.schedule ?? null,
            incremental: s.incremental,
            watermark: watermark?.watermark ?? null,
            lastRun: lastRun ? toJson(lastRun) : null,
          };
        }),
      ),
  );
}
