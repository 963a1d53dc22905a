import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { buildServiceApp } from './build-app';
import type { ServiceContext, ServiceDefinition } from './service-definition';
import { createTestContext } from './test-context';

const definition: ServiceDefinition = {
  name: 'demo',
  description: 'a demo service',
  defaultPort: 0,
  async routes(app) {
    app.post<{ Body: { n: number } }>(
      '/double',
      {
        schema: {
          body: { type: 'object', required: ['n'], additionalProperties: false, properties: { n: { type: 'integer' } } },
          response: { 200: { type: 'object', properties: { result: { type: 'integer' } } } },
        },
      },
      async (request) => ({ result: request.body.n * 2 }),
    );
    app.get('/teapot', async () => {
      throw new PlatformError('CHURN_DEMO_TEAPOT', 'short and stout', { statusCode: 418, context: { spout: true } });
    });
    app.get('/boom', async () => {
      throw new Error('database password is hunter2');
    });
  },
};

describe('buildServiceApp', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ctx = await createTestContext('demo');
    app = await buildServiceApp(definition, ctx);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('answers liveness and readiness with every dependency checked', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; ok: boolean }) => `${c.name}:${c.ok}`)).toEqual(['bus:true', 'database:true', 'storage:true']);
  });

  it('reports not-ready, naming the dependency, when one is unreachable', async () => {
    const broken: ServiceContext = { ...ctx, storage: { ...ctx.storage, ping: () => Promise.reject(new Error('connection refused')) } };
    const brokenApp = await buildServiceApp(definition, broken);
    const ready = await brokenApp.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toContainEqual({ name: 'storage', ok: false, error: 'connection refused' });
    await brokenApp.close();
  });

  it('exposes Prometheus metrics, including request durations by route', async () => {
    await app.inject({ method: 'POST', url: '/double', payload: { n: 2 } });
    const metrics = await app.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    const line = metrics.body.split('\n').find((l) => l.startsWith('churn_demo_http_request_duration_seconds_count') && l.includes('route="/double"'));
    expect(line).toMatch(/method="POST".*status_code="200".*\} 1$|service="demo".*\} 1$/);
    expect(line).toContain('service="demo"');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('publishes OpenAPI with the service routes', async () => {
    const spec = (await app.inject('/docs/json')).json();
    expect(spec.info.title).toBe('churn demo');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/double']));
  });

  it('returns structured errors: 400 per invalid field, PlatformError as is, 5xx without internals', async () => {
    const invalid = await app.inject({ method: 'POST', url: '/double', payload: { n: 'two', extra: 1 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'CHURN_HTTP_INVALID_REQUEST' });
    expect(invalid.json().details.length).toBeGreaterThanOrEqual(2);

    const teapot = await app.inject('/teapot');
    expect(teapot.statusCode).toBe(418);
    expect(teapot.json()).toEqual({ code: 'CHURN_DEMO_TEAPOT', message: 'short and stout', details: { spout: true } });

    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('hunter2');

    const missing = await app.inject('/nowhere');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CHURN_HTTP_NOT_FOUND');
  });
});
