import type { SourceConfig } from '../sources-config/source-types';
import type { SourceConnector } from './connector';
import { createCsvConnector, type CsvConnectorDeps } from './csv-connector';
import { createPostgresConnector, type PostgresConnectorDeps } from './postgres-connector';
import { createRestConnector, type RestConnectorDeps } from './rest-connector';

/** Everything any connector may need; each kind takes its part. */
export type ConnectorDeps = RestConnectorDeps & PostgresConnectorDeps & CsvConnectorDeps;

/** The connector for a configured source, chosen by `kind`. Create it once per source: the REST circuit breaker lives in it. */
export function createConnector(source: SourceConfig, deps: ConnectorDeps): SourceConnector {
  switch (source.kind) {
    case 'csv':
      return createCsvConnector(source, deps);
    case 'rest':
      return createRestConnector(source, deps);
    case 'postgres':
      return createPostgresConnector(source, deps);
  }
}
