/** Hive-style partition prefix of one ingestion run of one source in the raw zone. */
export function rawRunPrefix(input: { source: string; kind: string; ingestedAt: Date; ingestionRunId: string }): string {
  const day = input.ingestedAt.toISOString().slice(0, 10);
  return `raw/source=${input.source}/type=${input.kind}/ingest_date=${day}/run=${input.ingestionRunId}/`;
}

/** The manifest is written last: a reader that finds it knows the run's parts are complete. */
export const MANIFEST_NAME = '_manifest.json';
