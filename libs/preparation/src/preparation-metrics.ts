import { Counter, type Registry } from 'prom-client';
import { getOrCreateMetric } from '@churn/service';

/** The preparer's own metrics, labelled by dataset and column (a few dozen series: low cardinality). */
export function preparationMetrics(registry: Registry) {
  return {
    imputed: getOrCreateMetric(registry, 'churn_preparer_imputed_values_total', () =>
      new Counter({
        name: 'churn_preparer_imputed_values_total',
        help: 'Missing values filled by the preparer, by dataset and column',
        labelNames: ['dataset', 'column'],
        registers: [registry],
      }),
    ),
  };
}

export type PreparationMetrics = ReturnType<typeof preparationMetrics>;
