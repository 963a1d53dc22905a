import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactIdOf, createArtifactWriter, type ArtifactWriter } from '@churn/lineage';
import { buildServiceApp, createTestContext, type ServiceContext } from '@churn/service';
import { validatedKeys } from '../lake-layout';
import { validationService } from '../validation.service';
import { writeQualityReport } from '../write-quality-report';
import { checkedReport, storedReport } from './test-reports';

const EVIL = '<script>alert(1)</script>';
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('validator report API', () => {
  let ctx: ServiceContext & { close(): Promise<void> };
  let app: FastifyInstance;
  let artifacts: ArtifactWriter;
  // The validator's writer: JSON, CSV (per check), HTML, Markdown and PDF, counts in the metadata.
  const crm = validatedKeys('crm_customers', 'run-1');
  const crmId = artifactIdOf(crm.report('json'));
  // A richer report stored as JSON only, with counts in its metadata.
  const billingKey = 'reports/quality/source=billing_invoices/run=run-2/report.json';
  const billingId = artifactIdOf(billingKey);
  const brokenKey = 'reports/quality/source=broken/run=run-3/report.json';

  const putReport = (key: string, body: string, runId: string, metadata: Record<string, unknown>, contentType = 'application/json') =>
    artifacts.put({ kind: 'quality-report', key, body, contentType, runId, producer: 'validator', metadata });

  beforeAll(async () => {
    ctx = await createTestContext('validator', {}, validationService);
    artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    await writeQualityReport(
      { artifacts, storage: ctx.storage },
      { report: storedReport({ source: 'crm_customers', runId: 'run-1', columns: [{ ...storedReport().columns[0]!, column: EVIL }] }), keyOf: crm.report, runId: 'run-1', parentIds: [] },
    );
    await pause();
    const billing = checkedReport();
    await putReport(billingKey, JSON.stringify(billing), 'run-2', { source: 'billing_invoices', format: 'json', rowsIn: 500, rowsValid: 497, rowsQuarantined: 3 });
    await pause();
    await putReport(brokenKey, '[1, 2]', 'run-3', { source: 'broken', format: 'json' });
    await putReport(brokenKey.replace('.json', '.html'), '<p>stored page</p>', 'run-3', { source: 'broken', format: 'html' }, 'text/html');
    await artifacts.put({ kind: 'valid-records', key: 'validated/source=x/run=run-1/valid.ndjson', body: '', contentType: 'application/x-ndjson', runId: 'run-1', producer: 'validator' });
    app = await buildServiceApp(validationService, ctx);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('lists JSON reports newest first with their links, stored renderings and counts when the metadata has them', async () => {
    const response = await app.inject('/reports');
    expect(response.statusCode).toBe(200);
    const list = response.json();
    expect(list.map((r: { source: string; runId: string }) => `${r.source}/${r.runId}`)).toEqual(['broken/run-3', 'billing_invoices/run-2', 'crm_customers/run-1']);
    const [, billing, crmEntry] = list;
    expect(billing).toMatchObject({ id: billingId, key: billingKey, rowsIn: 500, rowsValid: 497, rowsQuarantined: 3, stored: ['json'] });
    expect(billing.links).toEqual({
      self: `/reports/${billingId}`,
      json: `/reports/${billingId}.json`,
      html: `/reports/${billingId}.html`,
      csv: `/reports/${billingId}.csv`,
      pdf: `/reports/${billingId}.pdf`,
    });
    expect(crmEntry).toMatchObject({ id: crmId, stored: ['json', 'csv', 'html', 'md', 'pdf'], links: { md: `/reports/${crmId}.md`, pdf: `/reports/${crmId}.pdf` } });
    expect(crmEntry.rowsIn).toBeTypeOf('number');
    expect(list[0]).not.toHaveProperty('rowsIn');
    expect(list[0].stored).toEqual(['json', 'html']);
  });

  it('filters the list by source, run and limit', async () => {
    expect((await app.inject('/reports?source=crm_customers')).json().map((r: { id: string }) => r.id)).toEqual([crmId]);
    expect((await app.inject('/reports?runId=run-2')).json().map((r: { id: string }) => r.id)).toEqual([billingId]);
    expect((await app.inject('/reports?limit=1')).json()).toHaveLength(1);
    expect((await app.inject('/reports?source=nobody')).json()).toEqual([]);
    expect((await app.inject('/reports?limit=0')).statusCode).toBe(400);
  });

  it('returns the stored JSON by default, byte for byte', async () => {
    const stored = (await ctx.storage.getBuffer(crm.report('json'))).toString();
    for (const request of [{ url: `/reports/${crmId}` }, { url: `/reports/${crmId}.json` }, { url: `/reports/${crmId}`, headers: { accept: '*/*' } }]) {
      const response = await app.inject(request);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.body).toBe(stored);
    }
    expect((await app.inject(`/reports/${crmId}`)).headers.vary).toBe('accept');
  });

  it('returns CSV: the stored one when there is one, else one row per check rendered from the JSON', async () => {
    const stored = (await ctx.storage.getBuffer(crm.report('csv'))).toString();
    const byAccept = await app.inject({ url: `/reports/${crmId}`, headers: { accept: 'text/csv' } });
    expect(byAccept.statusCode).toBe(200);
    expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byAccept.body).toBe(stored);
    expect(byAccept.headers['content-disposition']).toBe('inline; filename="crm_customers-run-1-report.csv"');

    const rendered = await app.inject(`/reports/${billingId}.csv`);
    expect(rendered.statusCode).toBe(200);
    expect(rendered.body.split('\n').slice(0, 2)).toEqual([
      'name,check,column,severity,status,observed,expected,failing_count',
      'amount_range,range,amount,error,fail,"{""min"":-5}","{""min"":0}",3',
    ]);
  });

  it('returns HTML rendered from the stored JSON, escaped, with a script-free policy; a stored page wins', async () => {
    for (const request of [{ url: `/reports/${crmId}.html` }, { url: `/reports/${crmId}`, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } }]) {
      const response = await app.inject(request);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(response.body).toContain('<h1>Data quality: crm_customers');
      expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(response.body).not.toMatch(/<script/i);
    }
    const billing = await app.inject(`/reports/${billingId}.html`);
    expect(billing.body).toContain('<span class="status fail">failed</span>');
    expect(billing.body).toContain('amount_range');
    const storedPage = await app.inject(`/reports/${artifactIdOf(brokenKey)}.html`);
    expect(storedPage.body).toBe('<p>stored page</p>');
  });

  it('returns the stored Markdown, and 404 for a report that has none', async () => {
    const md = await app.inject({ url: `/reports/${crmId}`, headers: { accept: 'text/markdown' } });
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('# Data quality: crm_customers');
    const none = await app.inject(`/reports/${billingId}.md`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'CHURN_VALIDATION_REPORT_NOT_FOUND', details: { id: billingId, format: 'md' } });
  });

  it('returns PDF by suffix and by Accept: the stored one when there is one, else rendered from the JSON', async () => {
    const stored = await ctx.storage.getBuffer(crm.report('pdf'));
    expect(stored.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const request of [{ url: `/reports/${crmId}.pdf` }, { url: `/reports/${crmId}`, headers: { accept: 'application/pdf' } }]) {
      const response = await app.inject(request);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe('inline; filename="crm_customers-run-1-report.pdf"');
      expect(response.rawPayload.equals(stored)).toBe(true);
    }
    const rendered = await app.inject({ url: `/reports/${billingId}`, headers: { accept: 'application/pdf, text/html;q=0.5' } });
    expect(rendered.statusCode).toBe(200);
    expect(rendered.headers['content-type']).toBe('application/pdf');
    expect(rendered.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(rendered.rawPayload.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    // Rendered again on the next request: the same bytes.
    expect((await app.inject(`/reports/${billingId}.pdf`)).rawPayload.equals(rendered.rawPayload)).toBe(true);
  });

  it('answers 404 for an unknown id or an artifact that is no JSON report', async () => {
    for (const id of ['art_000000000000000000000000', artifactIdOf(crm.report('csv')), artifactIdOf('validated/source=x/run=run-1/valid.ndjson'), 'nope.html']) {
      const response = await app.inject(`/reports/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('CHURN_VALIDATION_REPORT_NOT_FOUND');
    }
    expect((await app.inject('/reports/bad%20id')).statusCode).toBe(400);
  });

  it('answers 406 with the formats it has for an unsupported Accept or suffix', async () => {
    for (const request of [{ url: `/reports/${crmId}`, headers: { accept: 'image/png' } }, { url: `/reports/${crmId}.docx` }, { url: `/reports/${crmId}.xml` }]) {
      const response = await app.inject(request);
      expect(response.statusCode).toBe(406);
      expect(response.json()).toMatchObject({ code: 'CHURN_VALIDATION_REPORT_NOT_ACCEPTABLE', details: { id: crmId, formats: ['json', 'html', 'csv', 'md', 'pdf'] } });
      expect(response.json().message).toContain('json, html, csv, md, pdf');
    }
  });

  it('answers a stored JSON that is not a report with a 500, not a crash, and still serves it raw', async () => {
    const id = artifactIdOf(brokenKey);
    expect((await app.inject(`/reports/${id}.csv`)).json()).toMatchObject({ code: 'CHURN_HTTP_INTERNAL' });
    expect((await app.inject(`/reports/${id}.json`)).body).toBe('[1, 2]');
  });

  it('documents both routes in the OpenAPI spec', async () => {
    const spec = (await app.inject('/docs/json')).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/reports', '/reports/{id}']));
    expect(Object.keys(spec.paths['/reports/{id}'].get.responses['200'].content)).toEqual(['application/json', 'text/html', 'text/csv', 'text/markdown', 'application/pdf']);
    expect(Object.keys(spec.paths['/reports/{id}'].get.responses)).toEqual(expect.arrayContaining(['404', '406']));
  });
});
