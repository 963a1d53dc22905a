import { Counter, type Registry } from 'prom-client';
import { getOrCreateMetric } from '@churn/service';

/** The validator's own metrics, labelled by source (five or so: low cardinality). */
export function validationMetrics(registry: Registry) {
  return {
    rows: getOrCreateMetric(registry, 'churn_validation_rows_total', () =>
      new Counter({
        name: 'churn_validation_rows_total',
        help: 'Rows validated, by source and outcome (valid, quarantined, superseded)',
        labelNames: ['source', 'outcome'],
        registers: [registry],
      }),
    ),
  };
}

export type ValidationMetrics = ReturnType<typeof validationMetrics>;
