import type { ReportFormat } from './write-quality-report';
/** Where the validator writes one source's outputs of one pipeline run. */
export function validatedKeys(source: string, runId: string) {
  return {
    /** Typed records, one JSON object per line, columns in schema order. */
    valid: `validated/source=${source}/run=${runId}/valid.ndjson`,
    /** The same records as Parquet, every column typed (VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP). */
    validParquet: `validated/source=${source}/run=${runId}/valid.parquet`,
    /** The schema the suite promises for the valid records (types, required, enums, formats): beside them. */
    schema: `validated/source=${source}/run=${runId}/schema.json`,
    /** `{part, line, raw, errors}` per failing record. */
    quarantine: `quarantine/source=${source}/run=${runId}/quarantine.ndjson`,
    /** A batch that failed an error-level check: the rows that passed the row rules, held back with it. */
    heldBatch: `quarantine/source=${source}/run=${runId}/held-batch.ndjson`,
    report: (format: ReportFormat) => `reports/quality/source=${source}/run=${runId}/report.${format}`,
  };
}
