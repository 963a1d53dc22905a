import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import { renderQualityReportChecksCsv } from './quality-report-checks-csv';
import { renderQualityReportHtml } from './quality-report-html';
import { renderQualityReportPdf } from './quality-report-pdf';
import { reportErrors } from './report-errors';
import { isReportFormat, MEDIA_TYPES, negotiateFormat, REPORT_FORMATS, splitSuffix, type ReportFormat } from './report-format';
import { findReport, listReports, readStoredRendering, storedFormats, type ReportEntry } from './report-store';
import { qualityReportViewSchema, readQualityReportView } from './report-view';

const TAGS = ['validator'];
// The rendered page runs no script and loads nothing: say so to the browser as well.
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const linkSchema = { type: 'string' } as const;
const reportSummarySchema = {
  type: 'object',
  required: ['id', 'source', 'runId', 'createdAt', 'key', 'bytes', 'stored', 'links'],
  properties: {
    id: { type: 'string', description: 'The id of the JSON report artifact (reportArtifactId of validation.completed)' },
    source: { type: 'string' },
    runId: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    key: { type: 'string', description: 'Lake key of the JSON report' },
    bytes: { type: 'integer' },
    rowsIn: { type: 'integer' },
    rowsValid: { type: 'integer' },
    rowsQuarantined: { type: 'integer' },
    rowsSuperseded: { type: 'integer' },
    stored: { type: 'array', items: { type: 'string', enum: [...REPORT_FORMATS] }, description: 'Renderings stored in the lake; html, csv and pdf are rendered on request when absent' },
    links: {
      type: 'object',
      required: ['self', 'json', 'html', 'csv', 'pdf'],
      properties: { self: linkSchema, json: linkSchema, html: linkSchema, csv: linkSchema, md: linkSchema, pdf: linkSchema },
    },
  },
} as const;

const textBody = (description: string) => ({ schema: { type: 'string', description } });

const linksOf = (report: ReportEntry, stored: readonly ReportFormat[]) => {
  const self = `/reports/${report.id}`;
  return { self, json: `${self}.json`, html: `${self}.html`, csv: `${self}.csv`, pdf: `${self}.pdf`, ...(stored.includes('md') ? { md: `${self}.md` } : {}) };
};

const safeName = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '_');

/** The body of one rendering: stored bytes when the lake has them, else HTML, CSV or PDF rendered from the stored JSON. */
async function renderingOf(ctx: ServiceContext, report: ReportEntry, format: ReportFormat): Promise<Buffer | string> {
  const deps = { db: ctx.db, storage: ctx.storage };
  const stored = await readStoredRendering(deps, report, format);
  if (stored) return stored;
  if (format === 'json' || format === 'md') throw reportErrors.notFound(report.id, format === 'md' ? 'md' : undefined);
  const json = await readStoredRendering(deps, report, 'json');
  if (!json) throw reportErrors.notFound(report.id);
  const view = readQualityReportView(json, report.key);
  // Reports stored before PDFs were get theirs drawn on request (a fraction of a second).
  if (format === 'pdf') return renderQualityReportPdf(view);
  return format === 'html' ? renderQualityReportHtml(view) : renderQualityReportChecksCsv(view);
}

function sendRendering(reply: FastifyReply, report: ReportEntry, format: ReportFormat, body: Buffer | string) {
  // A PDF is binary: no charset.
  reply.type(format === 'pdf' ? MEDIA_TYPES.pdf : `${MEDIA_TYPES[format]}; charset=utf-8`);
  if (format === 'html') reply.header('content-security-policy', HTML_CSP);
  if (format === 'csv' || format === 'md' || format === 'pdf') {
    reply.header('content-disposition', `inline; filename="${safeName(`${report.source}-${report.runId}-report.${format}`)}"`);
  }
  return reply.send(body);
}

/**
 * Data-quality reports over HTTP: `GET /reports` lists them from the artifacts
 * table; `GET /reports/:id` returns one as JSON, HTML, CSV, Markdown or PDF,
 * chosen by a suffix (`/reports/<id>.pdf`) or else by `Accept`.
 */
export async function reportRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: { source?: string; runId?: string; limit: number } }>(
    '/reports',
    {
      schema: {
        tags: TAGS,
        summary: 'Data-quality reports, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string', minLength: 1, maxLength: 200 },
            runId: { type: 'string', minLength: 1, maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: { 200: { type: 'array', items: reportSummarySchema }, 400: errorResponseSchema },
      },
    },
    async (request) => {
      const reports = await listReports(ctx.db, request.query);
      const formats = await storedFormats(ctx.db, reports);
      return reports.map((r) => {
        const stored = formats.get(r.id) ?? ['json'];
        return { id: r.id, source: r.source, runId: r.runId, createdAt: r.createdAt.toISOString(), key: r.key, bytes: r.bytes, ...r.counts, stored, links: linksOf(r, stored) };
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/reports/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One data-quality report as JSON, HTML, CSV, Markdown or PDF',
        description:
          'The id is the JSON report artifact id (as in GET /reports and validation.completed reportArtifactId). ' +
          'A suffix chooses the format (`.json`, `.html`, `.csv`, `.md`, `.pdf`); without one, `Accept` does ' +
          '(application/json, text/html, text/csv, text/markdown, application/pdf; JSON when absent or */*). HTML, CSV (one row per check) ' +
          'and PDF are rendered from the JSON when not stored. 406 when nothing acceptable is available.',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}(\\.[A-Za-z0-9]{1,10})?$', description: 'report id, optionally with a format suffix' } },
        },
        response: {
          200: {
            content: {
              'application/json': { schema: { ...qualityReportViewSchema, description: 'The stored JSON report, byte for byte' } },
              'text/html': textBody('A self-contained page: summary, checks, failing examples, column profile'),
              'text/csv': textBody('One row per check: name, check, column, severity, status, observed, expected, failing_count'),
              'text/markdown': textBody('The stored Markdown summary'),
              'application/pdf': {
                schema: { type: 'string', format: 'binary', description: 'A4 landscape: summary, every check, failing examples, column profile with top values or histogram' },
              },
            },
          },
          400: errorResponseSchema,
          404: errorResponseSchema,
          406: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { id, suffix } = splitSuffix(request.params.id);
      const report = await findReport(ctx.db, id);
      if (!report) throw reportErrors.notFound(id);
      let format: ReportFormat | undefined;
      if (suffix !== undefined) {
        if (!isReportFormat(suffix)) throw reportErrors.notAcceptable(id, `.${suffix}`);
        format = suffix;
      } else {
        reply.header('vary', 'accept');
        format = negotiateFormat(request.headers.accept);
        if (!format) throw reportErrors.notAcceptable(id, request.headers.accept ?? '');
      }
      return sendRendering(reply, report, format, await renderingOf(ctx, report, format));
    },
  );
}
