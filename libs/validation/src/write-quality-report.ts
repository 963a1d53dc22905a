import { artifactIdOf, type ArtifactRef, type ArtifactWriter } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import type { QualityReport } from './quality-report';
import { checksOf, overallStatus, renderQualityReportChecksCsv, renderQualityReportHtml, renderQualityReportPdf } from './reports';
import type { StoredEngineReport } from './service/engine-report';
import { qualityReportToMarkdown } from './service/report-markdown';

/** The formats a report is stored in. */
export type ReportFormat = 'json' | 'csv' | 'html' | 'md' | 'pdf';

/** A report in the earlier stored shape (rule counts per column, no checks): still readable and renderable. */
export interface StoredQualityReport extends QualityReport {
  asOf: string;
  runId: string;
  /** Manifests validated, newest first. */
  manifests: string[];
}

/**
 * Writes a source's quality report as JSON, CSV (one row per check), HTML,
 * Markdown and PDF; returns the JSON one. A retried run keeps the report its first
 * attempt stored instead of conflicting with it.
 */
export async function writeQualityReport(
  deps: { artifacts: ArtifactWriter; storage: ObjectStore },
  input: { report: StoredEngineReport | StoredQualityReport; keyOf: (format: ReportFormat) => string; runId: string; parentIds: string[] },
): Promise<{ json: ArtifactRef; all: ArtifactRef[] }> {
  const renderings = [
    { format: 'json', contentType: 'application/json', render: () => JSON.stringify(input.report, null, 2) },
    { format: 'csv', contentType: 'text/csv', render: () => renderQualityReportChecksCsv(input.report) },
    { format: 'html', contentType: 'text/html; charset=utf-8', render: () => renderQualityReportHtml(input.report) },
    { format: 'md', contentType: 'text/markdown', render: () => qualityReportToMarkdown(input.report) },
    // Stored like the others (immutable, content-hashed); its bytes depend on the report alone.
    { format: 'pdf', contentType: 'application/pdf', render: () => renderQualityReportPdf(input.report) },
  ] as const;
  const status = 'status' in input.report ? input.report.status : overallStatus(checksOf(input.report).checks);
  const all: ArtifactRef[] = [];
  for (const { format, contentType, render } of renderings) {
    const key = input.keyOf(format);
    const existing = await deps.storage.head(key);
    if (existing) {
      all.push({ id: artifactIdOf(key), key, sha256: existing.sha256, bytes: existing.bytes });
      continue;
    }
    all.push(
      await deps.artifacts.put({
        kind: 'quality-report',
        key,
        body: await render(),
        contentType,
        runId: input.runId,
        producer: 'validator',
        parentIds: input.parentIds,
        // Status and counts let GET /reports list runs, and the next run find its baseline, without opening every report.
        metadata: {
          source: input.report.source,
          format,
          status,
          rowsIn: input.report.rowsIn,
          rowsValid: input.report.rowsValid,
          rowsQuarantined: input.report.rowsQuarantined,
          rowsSuperseded: input.report.rowsSuperseded,
        },
      }),
    );
  }
  return { json: all[0]!, all };
}
