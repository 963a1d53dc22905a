import { createCategoryCounter } from './category-counts';
import type { PreparedRow } from './preparation-types';
import { createImputationCounts, type TablePreparation } from './table-preparation';
import { isMissing, textOrNull, toCategory } from './value-coding';

/** Reason given to a cancellation without a survey answer: the contract's catch-all. */
const UNKNOWN_REASON = 'other';

/**
 * `cancellations` (the churn label's source): a missing reason becomes 'other', a missing channel the
 * most frequent channel (null when no cancellation has one).
 */
export function createCancellationsPreparation(): TablePreparation {
  const channels = createCategoryCounter();
  let channelMode: string | null = null;
  let rows = 0;
  const imputed = createImputationCounts(['reason', 'channel']);

  return {
    name: 'cancellations',
    source: 'cancellations',
    sources: ['cancellations'],
    columns: ['customer_id', 'cancelled_at', 'reason', 'channel'],
    summaryColumns: [
      { name: 'reason', kind: 'categorical' },
      { name: 'channel', kind: 'categorical' },
    ],
    learn(record) {
      const c = record['channel'];
      if (!isMissing(c)) channels.add(toCategory(c));
    },
    finishLearning() {
      channelMode = channels.mode() ?? null;
    },
    prepare(record): PreparedRow {
      rows += 1;
      let reason = textOrNull(record['reason']);
      if (reason === null) {
        reason = UNKNOWN_REASON;
        imputed.add('reason');
      }
      let channel = textOrNull(record['channel']);
      if (channel === null && channelMode !== null) {
        channel = channelMode;
        imputed.add('channel');
      }
      return {
        customer_id: textOrNull(record['customer_id']),
        cancelled_at: textOrNull(record['cancelled_at']),
        reason,
        channel,
      };
    },
    params() {
      return {
        rows,
        imputed: imputed.counts,
        imputation: { reason: { value: UNKNOWN_REASON }, channel: { mode: channelMode } },
      };
    },
  };
}
