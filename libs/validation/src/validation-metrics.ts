import { Counter, Gauge, type Registry } from 'prom-client';
import { getOrCreateMetric } from '@churn/service';
import type { SuiteRunResult } from './engine/engine-types';

/** The validator's own metrics, labelled by source, check name and column (a few dozen series: bounded by the suites). */
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
    checks: getOrCreateMetric(registry, 'churn_validation_checks_total', () =>
      new Counter({
        name: 'churn_validation_checks_total',
        help: 'Checks and row rules run, by source, check name and status (pass, warn, fail, skipped)',
        labelNames: ['source', 'check', 'status'],
        registers: [registry],
      }),
    ),
    failingRows: getOrCreateMetric(registry, 'churn_validation_failing_rows_total', () =>
      new Counter({
        name: 'churn_validation_failing_rows_total',
        help: 'Rows (or values) failing a check or row rule, by source and check name',
        labelNames: ['source', 'check'],
        registers: [registry],
      }),
    ),
    drift: getOrCreateMetric(registry, 'churn_validation_drift_psi', () =>
      new Gauge({
        name: 'churn_validation_drift_psi',
        help: 'Population stability index of a column against the previous accepted run, by source and column',
        labelNames: ['source', 'column'],
        registers: [registry],
      }),
    ),
  };
}

export type ValidationMetrics = ReturnType<typeof validationMetrics>;

/** Records one source's engine result. */
export function recordValidation(metrics: ValidationMetrics, result: SuiteRunResult): void {
  const source = result.source;
  metrics.rows.inc({ source, outcome: 'valid' }, result.rowsValid);
  metrics.rows.inc({ source, outcome: 'quarantined' }, result.rowsQuarantined);
  metrics.rows.inc({ source, outcome: 'superseded' }, result.rowsSuperseded);
  for (const c of result.checks) {
    metrics.checks.inc({ source, check: c.name, status: c.status });
    if ((c.failingCount ?? 0) > 0) metrics.failingRows.inc({ source, check: c.name }, c.failingCount!);
    if (c.check === 'psi' && c.column && typeof c.observed === 'number') metrics.drift.set({ source, column: c.column }, c.observed);
  }
}
