import type { SourceConfig } from '@churn/ingestion';
import type { ScenarioSpec } from './scenario';

/** The source config (as the sources file would hold it) and the secrets env of a prepared source. */
export function sourceConfigOf(spec: ScenarioSpec): { config: SourceConfig; env: Record<string, string> } {
  const { source } = spec;
  switch (source.kind) {
    case 'csv':
      return { config: { name: `bench_crm_customers_${spec.run}`, kind: 'csv', enabled: true, csv: { location: source.path, encoding: 'utf-8', delimiter: ',' } }, env: {} };
    case 'rest':
      return {
        config: {
          name: `bench_billing_invoices_${spec.run}`,
          kind: 'rest',
          enabled: true,
          rest: {
            url: `${source.url}/billing/invoices`,
            pagination: { type: 'cursor', cursorParam: 'cursor', nextCursorField: 'next_cursor', itemsField: 'data', limitParam: 'limit', limit: source.pageSize },
            incremental: { param: 'updated_since', field: 'updated_at' },
            auth: { type: 'bearer', tokenEnv: 'BENCH_API_TOKEN' },
            timeoutMs: 30_000,
          },
        },
        env: { BENCH_API_TOKEN: source.token },
      };
    case 'db':
      return {
        config: {
          name: `bench_product_usage_${spec.run}`,
          kind: 'postgres',
          enabled: true,
          postgres: {
            urlEnv: 'BENCH_USAGE_DB_URL',
            query: source.query,
            incremental: { column: 'updated_at' },
            ...(source.batchSize !== undefined ? { batchSize: source.batchSize } : {}),
            ...(source.partBytes !== undefined ? { partBytes: source.partBytes } : {}),
          },
        },
        env: { BENCH_USAGE_DB_URL: source.sourceUrl },
      };
  }
}
