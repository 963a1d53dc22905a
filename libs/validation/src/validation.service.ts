import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify';
import { PlatformError } from '@churn/core';
import type { RawManifest } from '@churn/contracts';
import { artifactIdOf, createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { qualityReportToCsv, qualityReportToMarkdown } from './quality-report-render';
import { getSourceSchema } from './source-schemas';
import { validateCsvStream } from './validate-csv';

/** The customer table: the one source with an expectation suite so far. */
const CUSTOMER_SOURCE = 'crm_customers';

/** Writes to a stream, waiting when it asks the writer to slow down. */
async function write(stream: NodeJS.WritableStream, chunk: unknown): Promise<void> {
  if (!stream.write(chunk as string)) await once(stream, 'drain');
}

/**
 * Checks every ingested row against its source's schema: valid rows go on to
 * preparation, failing rows to a quarantine object with their reasons, and a
 * data-quality report (JSON, CSV, Markdown) is kept for each run.
 */
export const validationService: ServiceDefinition = {
  name: 'validator',
  description: 'Validates ingested rows against each source schema; quarantines failures with reasons; writes data-quality reports.',
  defaultPort: 3002,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    await subscribeStage(ctx, {
      stage: 'validator',
      consumes: 'ingestion.completed',
      produces: 'validation.completed',
      async handle(event, log) {
        // Sources without an expectation suite yet pass through unvalidated (see docs/stages/validation.md).
        const ingested = event.payload.sources.find((s) => s.source === CUSTOMER_SOURCE);
        if (!ingested) {
          throw new PlatformError('CHURN_VALIDATION_SOURCE_MISSING', `the run ingested no ${CUSTOMER_SOURCE} data`, {
            context: { sources: event.payload.sources.map((s) => s.source) },
          });
        }
        const skipped = event.payload.sources.filter((s) => s !== ingested).map((s) => s.source);
        if (skipped.length > 0) log.info({ skipped }, 'sources without an expectation suite are not validated yet');
        const source = ingested.source;
        const schema = getSourceSchema(source);
        const manifest = JSON.parse((await ctx.storage.getBuffer(ingested.manifest.key)).toString('utf8')) as RawManifest;
        const rawObject = manifest.parts[0];
        if (!rawObject) throw new PlatformError('CHURN_VALIDATION_EMPTY_SOURCE', `${source} landed no data`, { context: { manifest: ingested.manifest.key } });
        const rawArtifactId = artifactIdOf(rawObject.key);
        const base = { runId: event.runId, producer: 'validator', parentIds: [rawArtifactId] };
        const prefix = (zone: string) => `${zone}/source=${source}/run=${event.runId}/`;

        // Valid rows and quarantined rows stream into the lake while the raw file is read.
        const validOut = stringify({ header: true, columns: [...schema.columns], cast: { boolean: (b) => String(b) } });
        const quarantineOut = new PassThrough();
        const validPut = artifacts.put({ ...base, kind: 'valid-records', key: `${prefix('validated')}valid.csv`, body: validOut, contentType: 'text/csv' });
        const quarantinePut = artifacts.put({
          ...base,
          kind: 'quarantine',
          key: `${prefix('quarantine')}quarantine.ndjson`,
          body: quarantineOut,
          contentType: 'application/x-ndjson',
        });
        let report;
        try {
          report = await validateCsvStream(await ctx.storage.get(rawObject.key), {
            source,
            onValid: (record) => write(validOut, record),
            onQuarantined: (entry) => write(quarantineOut, `${JSON.stringify(entry)}\n`),
          });
        } catch (err) {
          validOut.destroy(err as Error);
          quarantineOut.destroy(err as Error);
          await Promise.allSettled([validPut, quarantinePut]);
          throw err;
        }
        validOut.end();
        quarantineOut.end();
        const [valid, quarantine] = await Promise.all([validPut, quarantinePut]);

        const reportBase = { ...base, kind: 'quality-report' as const, parentIds: [rawArtifactId, valid.id, quarantine.id] };
        const reportJson = await artifacts.put({
          ...reportBase,
          key: `${prefix('reports/quality')}report.json`,
          body: JSON.stringify(report, null, 2),
          contentType: 'application/json',
        });
        await artifacts.put({ ...reportBase, key: `${prefix('reports/quality')}report.csv`, body: qualityReportToCsv(report), contentType: 'text/csv' });
        await artifacts.put({ ...reportBase, key: `${prefix('reports/quality')}report.md`, body: qualityReportToMarkdown(report), contentType: 'text/markdown' });
        log.info({ rowsIn: report.rowsIn, rowsValid: report.rowsValid, rowsQuarantined: report.rowsQuarantined }, 'validation finished');

        const ref = ({ key, sha256, bytes }: { key: string; sha256: string; bytes: number }) => ({ key, sha256, bytes });
        return {
          rowsIn: report.rowsIn,
          rowsOut: report.rowsValid,
          payload: {
            source,
            valid: ref(valid),
            quarantine: ref(quarantine),
            report: ref(reportJson),
            artifactIds: [valid.id, quarantine.id, reportJson.id],
          },
        };
      },
    });
  },
};
