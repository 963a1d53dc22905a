import type { CsvSource } from './ingest-csv';

/** The sources this service knows, from its configuration. */
export function configuredSources(config: Record<string, unknown>): CsvSource[] {
  return [{ name: 'crm_customers', location: String(config.SOURCE_CRM_CSV) }];
}
