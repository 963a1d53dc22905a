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

/** The enabled sources of the sources file (validated: a bad file names each source and field). */
export function configuredSources(config: Record<string, unknown>, env: NodeJS.ProcessEnv): ConfiguredSource[] {
  const sources: SourceConfig[] = loadSourcesConfig(String(config.SOURCES_FILE), { env }).sources;
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
