export { ingestionService } from './ingestion.service';
export { ingestCsv } from './ingest-csv';
export type { CsvSource, IngestionOutcome } from './ingest-csv';
export { rawRunPrefix, MANIFEST_NAME } from './lake-layout';
