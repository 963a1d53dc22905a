import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, cleanEnv, postJson, repoRoot, start, waitFor, type Started } from './processes';

// Every service on a free port the OS picks; the platform logs where each one listens.
const SERVICES = ['ingestion', 'validator', 'preparer', 'transformer', 'feature-store', 'trainer', 'predictor'] as const;
type Service = (typeof SERVICES)[number];
const urls = new Map<Service, string>();
const url = (service: Service, path: string) => `${urls.get(service)}${path}`;

describe('npm start (embedded mode)', () => {
  let platform: Started;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-platform-'));
    const portEnv = Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase().replace('-', '_')}_PORT`, '0']));
    platform = start(process.execPath, ['--import', 'tsx', 'apps/platform/src/main.ts'], cleanEnv({
      ...portEnv,
      LAKE_DIR: join(dir, 'lake'),
      DATABASE_URL: `pglite:${join(dir, 'db')}`,
      SAMPLE_DIR: join(dir, 'sample'),
      SAMPLE_CUSTOMERS: '2000',
      SAMPLE_SEED: '11',
    }));
    await waitFor(() => {
      if (platform.child.exitCode !== null) throw new Error(`platform exited early:\n${platform.stderr().slice(-3000)}`);
      const line = platform.stdout().split('\n').find((l) => l.includes('platform ready'));
      if (!line) return false;
      for (const { name, url } of (JSON.parse(line) as { services: Array<{ name: Service; url: string }> }).services) urls.set(name, url);
      return true;
    }, 180_000, () => platform.stdout().slice(-2000) + platform.stderr().slice(-2000));
  }, 200_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('serves health, readiness, metrics and docs on every service port', async () => {
    for (const service of SERVICES) {
      expect(await answers(url(service, '/healthz')), `${service} /healthz`).toBe(true);
      const ready = await fetch(url(service, '/readyz'));
      expect(ready.status, `${service} /readyz`).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: [{ name: 'bus', ok: true }, { name: 'database', ok: true }, { name: 'storage', ok: true }] });
      const metrics = await (await fetch(url(service, '/metrics'))).text();
      expect(metrics).toContain(`churn_${service.replace('-', '_')}_events_handled_total`);
      expect(metrics).toContain('process_resident_memory_bytes');
      const docs = await fetch(url(service, '/docs/json'));
      expect(docs.status).toBe(200);
      expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
      expect(await answers(url(service, '/docs'))).toBe(true);
    }
  });

  // Customers who cancelled before the as-of date, or whose CRM record was quarantined, have no serving row.
  let servedCustomer = '';

  it('answers get-online-features in Feast format for customers of the sample company', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `C${String(i + 1).padStart(7, '0')}`);
    const { status, body } = await postJson(url('feature-store', '/get-online-features'), {
      features: ['customer_features:tenure_months', 'customer_features:is_month_to_month'],
      entities: { customer_id: [...ids, 'NO-SUCH'] },
    });
    expect(status).toBe(200);
    expect(body.metadata).toEqual({ feature_names: ['customer_id', 'tenure_months', 'is_month_to_month'] });
    const results = body.results as Array<{ values: unknown[]; statuses: string[]; event_timestamps: string[] }>;
    expect(results[0]?.values).toEqual([...ids, 'NO-SUCH']);
    const statuses = results[1]!.statuses;
    expect(statuses.at(-1)).toBe('NOT_FOUND');
    expect(statuses.filter((s) => s === 'PRESENT').length).toBeGreaterThanOrEqual(12);
    const first = statuses.indexOf('PRESENT');
    servedCustomer = ids[first]!;
    expect(typeof results[1]?.values[first]).toBe('number');
    expect(results[2]?.values[first]).toBeOneOf([0, 1]);
    // Served values describe the end of the as-of day.
    expect(results[1]?.event_timestamps[first]).toBe('2026-11-01T00:00:00.000Z');

    const all = await postJson(url('feature-store', '/get-online-features'), { entities: { customer_id: [servedCustomer] } });
    expect((all.body.metadata as { feature_names: string[] }).feature_names.length).toBeGreaterThanOrEqual(15);

    const bad = await postJson(url('feature-store', '/get-online-features'), { features: ['customer_features:nope'], entities: { customer_id: [servedCustomer] } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CHURN_FEATURE_STORE_UNKNOWN_FEATURE');
  });

  it('serves the data-quality report of every source as JSON, CSV, HTML, Markdown and PDF', async () => {
    const reports = (await (await fetch(url('validator', '/reports'))).json()) as Array<{ id: string; source: string }>;
    expect(new Set(reports.map((r) => r.source))).toEqual(new Set(['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage']));
    const types = { json: 'application/json', csv: 'text/csv', html: 'text/html', md: 'text/markdown', pdf: 'application/pdf' };
    for (const report of reports) {
      for (const [suffix, type] of Object.entries(types)) {
        const res = await fetch(url('validator', `/reports/${report.id}.${suffix}`));
        expect(res.status, `${report.source} .${suffix}`).toBe(200);
        expect(res.headers.get('content-type'), `${report.source} .${suffix}`).toContain(type);
        const body = Buffer.from(await res.arrayBuffer());
        if (suffix === 'pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
        else expect(body.toString()).toContain(suffix === 'csv' ? 'status' : report.source);
      }
    }
  });

  it('predicts churn for a customer with the newest model and refuses bad input', async () => {
    const { status, body } = await postJson(url('predictor', '/predict'), { customer_id: servedCustomer });
    expect(status).toBe(200);
    expect(body).toMatchObject({ customer_id: servedCustomer, model: { name: 'customer-churn', version: 1 }, threshold: 0.5 });
    expect(body.churnProbability).toBeGreaterThanOrEqual(0);
    expect(body.churnProbability).toBeLessThanOrEqual(1);
    expect(body.churn).toBe((body.churnProbability as number) >= 0.5);

    const unknown = await postJson(url('predictor', '/predict'), { customer_id: 'C9999999' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CHURN_PREDICTION_UNKNOWN_ENTITY');
    // The request names the project's entity key, customer_id: anything else is refused.
    const invalid = await postJson(url('predictor', '/predict'), { customerId: servedCustomer });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('CHURN_HTTP_INVALID_REQUEST');
  });

  it('exposes every metric the Grafana dashboard and the Prometheus alerts query', async () => {
    const exposed = new Set<string>();
    for (const service of SERVICES) {
      const text = await (await fetch(url(service, '/metrics'))).text();
      for (const [, name] of text.matchAll(/^# TYPE (\S+) /gm)) exposed.add(name!);
    }
    const queried = new Set<string>();
    for (const file of ['deploy/grafana/dashboards/churn-pipeline.json', 'deploy/prometheus/rules/churn-alerts.yml']) {
      // Concrete names only; regex selectors such as {__name__=~"churn_.*_rows_total"} match every service's own series.
      for (const [name] of readFileSync(join(repoRoot, file), 'utf8').matchAll(/\bchurn_[a-z_]+[a-z]\b/g)) {
        queried.add(name.replace(/_(bucket|count|sum)$/, ''));
      }
    }
    expect(queried.size).toBeGreaterThan(3);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await platform.stop('SIGTERM')).toBe(0);
  });
});
