import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { getOrCreateMetric } from '@churn/service';

/** Ingestion's own metrics, labelled by source (a handful per deployment: low cardinality). */
export function ingestionMetrics(registry: Registry) {
  return {
    runs: getOrCreateMetric(registry, 'churn_ingestion_source_runs_total', () =>
      new Counter({ name: 'churn_ingestion_source_runs_total', help: 'Ingestion runs by source, trigger and final status', labelNames: ['source', 'trigger', 'status'], registers: [registry] }),
    ),
    records: getOrCreateMetric(registry, 'churn_ingestion_records_total', () =>
      new Counter({ name: 'churn_ingestion_records_total', help: 'Records landed in the raw zone', labelNames: ['source'], registers: [registry] }),
    ),
    bytes: getOrCreateMetric(registry, 'churn_ingestion_bytes_total', () =>
      new Counter({ name: 'churn_ingestion_bytes_total', help: 'Bytes landed in the raw zone (reused identical parts not counted)', labelNames: ['source'], registers: [registry] }),
    ),
    retries: getOrCreateMetric(registry, 'churn_ingestion_retries_total', () =>
      new Counter({ name: 'churn_ingestion_retries_total', help: 'Source requests retried', labelNames: ['source'], registers: [registry] }),
    ),
    duration: getOrCreateMetric(registry, 'churn_ingestion_run_duration_seconds', () =>
      new Histogram({
        name: 'churn_ingestion_run_duration_seconds',
        help: 'Duration of ingestion runs',
        labelNames: ['source', 'status'],
        buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
        registers: [registry],
      }),
    ),
    lastSuccess: getOrCreateMetric(registry, 'churn_ingestion_last_success_timestamp_seconds', () =>
      new Gauge({ name: 'churn_ingestion_last_success_timestamp_seconds', help: 'Unix time of the last successful run per source', labelNames: ['source'], registers: [registry] }),
    ),
  };
}

export type IngestionMetrics = ReturnType<typeof ingestionMetrics>;
