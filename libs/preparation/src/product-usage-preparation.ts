import { createGroupMedianCollector, type GroupMedians } from './group-medians';
import type { PreparedRow } from './preparation-types';
import { createImputationCounts, type TablePreparation } from './table-preparation';
import { isMissing, textOrNull, toNumber } from './value-coding';

const MEASURES = ['sessions', 'minutes', 'data_mb', 'features_used'] as const;

/**
 * `product_usage` (one row per customer-day): a missing measure (a metering gap) takes that customer's
 * median of the measure over the dataset, or 0 for a customer never metered. Medians of integer
 * measures may be fractional (x.5).
 */
export function createProductUsagePreparation(): TablePreparation {
  const collectors = Object.fromEntries(MEASURES.map((m) => [m, createGroupMedianCollector()]));
  const medians: Record<string, GroupMedians> = {};
  let rows = 0;
  const imputed = createImputationCounts(MEASURES);
  const filledBy = Object.fromEntries(MEASURES.map((m) => [m, { customerMedian: 0, zero: 0 }]));
  const customerMedians: Record<string, Record<string, number>> = Object.fromEntries(MEASURES.map((m) => [m, {}]));

  return {
    name: 'product_usage',
    source: 'product_usage',
    sources: ['product_usage'],
    columns: ['customer_id', 'day', ...MEASURES],
    summaryColumns: [
      { name: 'customer_id', kind: 'categorical' },
      { name: 'day', kind: 'categorical' },
      ...MEASURES.map((name) => ({ name, kind: 'numeric' as const })),
    ],
    learn(record) {
      const customer = String(record['customer_id']);
      for (const m of MEASURES) {
        const v = record[m];
        if (!isMissing(v)) collectors[m]!.add(customer, toNumber(m, v));
      }
    },
    finishLearning() {
      for (const m of MEASURES) medians[m] = collectors[m]!.finish();
    },
    prepare(record): PreparedRow {
      rows += 1;
      const customer = String(record['customer_id']);
      const row: PreparedRow = { customer_id: customer, day: textOrNull(record['day']) };
      for (const m of MEASURES) {
        const v = record[m];
        if (!isMissing(v)) {
          row[m] = toNumber(m, v);
          continue;
        }
        const own = medians[m]!.of(customer);
        if (own !== undefined) {
          filledBy[m]!.customerMedian += 1;
          customerMedians[m]![customer] = own;
        } else filledBy[m]!.zero += 1;
        imputed.add(m);
        row[m] = own ?? 0;
      }
      return row;
    },
    params() {
      return {
        rows,
        imputed: imputed.counts,
        imputation: Object.fromEntries(MEASURES.map((m) => [m, { filledBy: filledBy[m], customerMedians: customerMedians[m] }])),
      };
    },
  };
}
