/** Hive-style partition prefix of one ingestion run of one source in the raw zone. */
export function rawRunPrefix(source: string, ingestedAt: Date, runId: string): string {
  const day = ingestedAt.toISOString().slice(0, 10);
  return `raw/source=${source}/ingest_date=${day}/run=${runId}/`;
}

/** The manifest is written last: a reader that finds it knows the run's objects are complete. */
export const MANIFEST_NAME = '_manifest.json';
