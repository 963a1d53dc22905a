import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '@churn/logging';
import { getOrCreateMetric } from '@churn/service';
import type { PointInTimeFeatures } from './compute-features';

/** The transformer's own metrics (labels: dataset and reason, a handful of series). */
export function transformationMetrics(registry: Registry) {
  return {
    rowsLeftOut: getOrCreateMetric(registry, 'churn_transformer_rows_left_out_total', () =>
      new Counter({
        name: 'churn_transformer_rows_left_out_total',
        help: 'Prepared rows the features could not use, by dataset and reason (unknown_customer, bad_value)',
        labelNames: ['dataset', 'reason'],
        registers: [registry],
      }),
    ),
    servingRows: getOrCreateMetric(registry, 'churn_transformer_serving_rows', () =>
      new Gauge({ name: 'churn_transformer_serving_rows', help: 'Customers in the serving snapshot of the latest feature set', registers: [registry] }),
    ),
    trainingChurnRate: getOrCreateMetric(registry, 'churn_transformer_training_churn_rate', () =>
      new Gauge({
        name: 'churn_transformer_training_churn_rate',
        help: 'Share of training rows of the latest feature set labelled churned within the horizon',
        registers: [registry],
      }),
    ),
  };
}

export type TransformationMetrics = ReturnType<typeof transformationMetrics>;

/** Records what a computation used and left out, in metrics and, for rows left out, as warnings. */
export function recordComputation(metrics: TransformationMetrics, computed: PointInTimeFeatures, log: Logger): void {
  const training = computed.snapshots.filter((s) => s.role === 'training');
  const sum = (key: 'rows' | 'positives') => training.reduce((n, s) => n + s[key], 0);
  metrics.servingRows.set(computed.snapshots.at(-1)!.rows);
  metrics.trainingChurnRate.set(sum('positives') / Math.max(1, sum('rows')));
  for (const [dataset, counts] of Object.entries(computed.reads)) {
    metrics.rowsLeftOut.inc({ dataset, reason: 'unknown_customer' }, counts.unknownCustomer);
    metrics.rowsLeftOut.inc({ dataset, reason: 'bad_value' }, counts.badValue);
    if (counts.unknownCustomer + counts.badValue > 0) log.warn({ dataset, ...counts }, 'prepared rows left out of the features');
  }
  const { duplicate } = computed.customers.skipped;
  if (duplicate > 0) log.warn({ duplicate }, 'duplicate customer ids: the first row of each was used');
}
