import { createConnector } from './connectors/create-connector';
import type { SourceConnector } from './connectors/connector';
import { loadSourcesConfig } from './sources-config/load-sources-config';
import type { SourceConfig } from './sources-config/source-types';

/** A configured source with what ingestion needs to run it. */
export interface ConfiguredSource {
  config: SourceConfig;
  name: string;
  kind: SourceConfig['kind'];
  /** Reads only what is new since the watermark (so the source's state is the sum of its runs). */
  incremental: boolean;
  location?: string;
  /** One per source for the life of the service, so a REST source's circuit breaker spans runs. */
  connector: SourceConnector;
}

/**
 * The sources this service ingests: from the sources file when SOURCES_FILE is
 * set (validated; a bad file names each source and field), else the single
 * CSV export at SOURCE_CRM_CSV.
 */
export function configuredSources(config: Record<string, unknown>, env: NodeJS.ProcessEnv): ConfiguredSource[] {
  const file = config.SOURCES_FILE as string | undefined;
  const sources: SourceConfig[] = file
    ? loadSourcesConfig(file, { env }).sources
    : [{ name: 'crm_customers', kind: 'csv', enabled: true, csv: { location: String(config.SOURCE_CRM_CSV) } }];
  return sources
    .filter((s) => s.enabled !== false)
    .map((s) => ({
      config: s,
      name: s.name,
      kind: s.kind,
      incremental: s.kind === 'rest' ? Boolean(s.rest.incremental) : s.kind === 'postgres' ? Boolean(s.postgres.incremental) : false,
      ...(s.kind === 'csv' ? { location: s.csv.location } : {}),
      connector: createConnector(s, { env }),
    }));
}
