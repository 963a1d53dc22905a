import { artifactIdOf, type ArtifactRef, type ArtifactWriter } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import type { QualityReport } from './quality-report';
import { qualityReportToCsv, qualityReportToMarkdown } from './quality-report-render';

/** The report as stored in JSON: the quality report plus what it covered. */
export interface StoredQualityReport extends QualityReport {
  asOf: string;
  runId: string;
  /** Manifests validated, newest first. */
  manifests: string[];
}

/**
 * Writes a source's quality report as JSON, CSV (one row per column) and
 * Markdown; returns the JSON one. A report is timestamped, so a retried run
 * keeps the report its first attempt stored instead of conflicting with it.
 */
export async function writeQualityReport(
  deps: { artifacts: ArtifactWriter; storage: ObjectStore },
  input: { report: StoredQualityReport; keyOf: (format: 'json' | 'csv' | 'md') => string; runId: string; parentIds: string[] },
): Promise<{ json: ArtifactRef; all: ArtifactRef[] }> {
  const renderings = [
    { format: 'json', contentType: 'application/json', render: () => JSON.stringify(input.report, null, 2) },
    { format: 'csv', contentType: 'text/csv', render: () => qualityReportToCsv(input.report) },
    { format: 'md', contentType: 'text/markdown', render: () => qualityReportToMarkdown(input.report) },
  ] as const;
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
        body: render(),
        contentType,
        runId: input.runId,
        producer: 'validator',
        parentIds: input.parentIds,
        metadata: { source: input.report.source, format },
      }),
    );
  }
  return { json: all[0]!, all };
}
