import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '@churn/logging';
import { getOrCreateMetric } from '@churn/service';
import type { ComputedFeatureSet } from './compute-feature-set';

/** The transformer's own metrics (labels: dataset and reason, a handful of series). */
export function transformationMetrics(registry: Registry) {
  return {
    rowsLeftOut: getOrCreateMetric(registry, 'churn_transformer_rows_left_out_total', () =>
      new Counter({
        name: 'churn_transformer_rows_left_out_total',
        help: 'Prepared rows no feature could use, by dataset and reason (unknown_entity: reaches no entity of the entity dataset; no_event_time)',
        labelNames: ['dataset', 'reason'],
        registers: [registry],
      }),
    ),
    servingRows: getOrCreateMetric(registry, 'churn_transformer_serving_rows', () =>
      new Gauge({ name: 'churn_transformer_serving_rows', help: 'Entities in the serving snapshot of the latest feature set', registers: [registry] }),
    ),
    trainingRows: getOrCreateMetric(registry, 'churn_transformer_training_rows', () =>
      new Gauge({ name: 'churn_transformer_training_rows', help: 'Labelled rows of the latest feature set, all training times together', registers: [registry] }),
    ),
    trainingChurnRate: getOrCreateMetric(registry, 'churn_transformer_training_churn_rate', () =>
      new Gauge({
        name: 'churn_transformer_training_churn_rate',
        help: 'Share of the labelled rows of the latest feature set that are positive (churned)',
        registers: [registry],
      }),
    ),
  };
}

export type TransformationMetrics = ReturnType<typeof transformationMetrics>;

/** Records what a computation used and left out, in metrics and, for rows left out, as warnings. */
export function recordComputation(metrics: TransformationMetrics, computed: ComputedFeatureSet, log: Logger): void {
  const labelled = computed.snapshots.filter((s) => s.training);
  const rows = labelled.reduce((n, s) => n + s.rows, 0);
  const positives = labelled.reduce((n, s) => n + (s.positives ?? 0), 0);
  metrics.servingRows.set(computed.snapshots.find((s) => s.serving)!.rows);
  metrics.trainingRows.set(rows);
  metrics.trainingChurnRate.set(positives / Math.max(1, rows));
  for (const [dataset, counts] of Object.entries(computed.reads)) {
    metrics.rowsLeftOut.inc({ dataset, reason: 'unknown_entity' }, counts.unknownEntity);
    metrics.rowsLeftOut.inc({ dataset, reason: 'no_event_time' }, counts.noEventTime);
    if (counts.unknownEntity + counts.noEventTime > 0) log.warn({ dataset, ...counts }, 'prepared rows left out of the features');
  }
}
