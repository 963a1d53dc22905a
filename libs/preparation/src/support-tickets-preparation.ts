import { createCategoryCounter } from './category-counts';
import { hoursBetween } from './date-differences';
import type { PreparedRow } from './preparation-types';
import { createImputationCounts, type TablePreparation } from './table-preparation';
import { isMissing, numberOrNull, textOrNull, toCategory } from './value-coding';

const COLUMNS = [
  'ticket_id', 'customer_id', 'opened_at', 'closed_at', 'category', 'priority', 'status', 'satisfaction', 'resolution_hours',
] as const;

/** Category given to a ticket filed without one: the contract's catch-all. */
const UNKNOWN_CATEGORY = 'other';
/** Priority when no ticket has one to learn a mode from. */
const DEFAULT_PRIORITY = 'normal';

/**
 * `support_tickets`: a missing category becomes 'other', a missing priority the most frequent priority.
 * Satisfaction is NOT imputed: an unrated ticket is information (customers who do not answer the survey),
 * so it stays null. `resolution_hours` = closed_at - opened_at in hours, null while open; a ticket closed
 * before it was opened gets null too (counted), since no resolution time can be negative.
 */
export function createSupportTicketsPreparation(): TablePreparation {
  const priorities = createCategoryCounter();
  let priorityMode = DEFAULT_PRIORITY;
  let rows = 0;
  const imputed = createImputationCounts(['category', 'priority']);
  let negativeResolution = 0;

  return {
    name: 'support_tickets',
    source: 'support_tickets',
    sources: ['support_tickets'],
    columns: COLUMNS,
    summaryColumns: [
      { name: 'customer_id', kind: 'categorical' },
      { name: 'category', kind: 'categorical' },
      { name: 'priority', kind: 'categorical' },
      { name: 'status', kind: 'categorical' },
      { name: 'satisfaction', kind: 'numeric' },
      { name: 'resolution_hours', kind: 'numeric' },
    ],
    learn(record) {
      const p = record['priority'];
      if (!isMissing(p)) priorities.add(toCategory(p));
    },
    finishLearning() {
      priorityMode = priorities.mode() ?? DEFAULT_PRIORITY;
    },
    prepare(record): PreparedRow {
      rows += 1;
      let category = textOrNull(record['category']);
      if (category === null) {
        category = UNKNOWN_CATEGORY;
        imputed.add('category');
      }
      let priority = textOrNull(record['priority']);
      if (priority === null) {
        priority = priorityMode;
        imputed.add('priority');
      }
      const opened = textOrNull(record['opened_at']);
      const closed = textOrNull(record['closed_at']);
      let resolution: number | null = null;
      if (opened !== null && closed !== null) {
        resolution = hoursBetween({ column: 'opened_at', at: opened }, { column: 'closed_at', at: closed });
        if (resolution < 0) {
          negativeResolution += 1;
          resolution = null;
        }
      }
      return {
        ticket_id: textOrNull(record['ticket_id']),
        customer_id: textOrNull(record['customer_id']),
        opened_at: opened,
        closed_at: closed,
        category,
        priority,
        status: textOrNull(record['status']),
        satisfaction: numberOrNull('satisfaction', record['satisfaction']),
        resolution_hours: resolution,
      };
    },
    params() {
      return {
        rows,
        imputed: imputed.counts,
        imputation: {
          category: { value: UNKNOWN_CATEGORY },
          priority: { mode: priorityMode },
          satisfaction: { notImputed: 'an unrated ticket is information; left null' },
          resolution_hours: { closedBeforeOpened: negativeResolution },
        },
      };
    },
  };
}
