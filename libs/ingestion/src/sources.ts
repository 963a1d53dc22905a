import type { Project } from '@churn/project';
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

/** The sources file ingestion reads: SOURCES_FILE when set (an override), else the project's sources.json. */
export function sourcesFileOf(config: Record<string, unknown>, project: Pick<Project, 'files'>): string {
  return typeof config.SOURCES_FILE === 'string' && config.SOURCES_FILE !== '' ? config.SOURCES_FILE : project.files.sources;
}

/**
 * The enabled sources of the sources file (validated: a bad file names each source and field). `${VAR}` comes from
 * `env`, and `${PROJECT_DIR}` is always the project's absolute folder.
 */
export function configuredSources(config: Record<string, unknown>, env: NodeJS.ProcessEnv, project: Pick<Project, 'dir' | 'files'>): ConfiguredSource[] {
  const sources: SourceConfig[] = loadSourcesConfig(sourcesFileOf(config, project), { env, projectDir: project.dir }).sources;
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
