import { DAY_MS, type EpochDay } from './calendar';

/** Lookback windows, in days before the observation time T. */
export const WINDOWS = { short: 30, halfMonth: 15, quarter: 90, halfYear: 180, feeLookback: 182 } as const;

/** One invoice, reduced to what the features read. Days are epoch days. */
export interface InvoiceFact {
  issued: EpochDay;
  due: EpochDay;
  paid: EpochDay | null;
  amount: number | null;
}

/** One support ticket; times in epoch milliseconds. */
export interface TicketFact {
  openedMs: number;
  closedMs: number | null;
  satisfaction: number | null;
}

/** One active day of product usage. */
export interface UsageFact {
  day: EpochDay;
  minutes: number;
}

// Slots of one (customer, observation time) cell.
const LATEST_ISSUED = 0;
const LATEST_AMOUNT = 1;
const BASE_ISSUED = 2;
const BASE_AMOUNT = 3;
const BILLED_180 = 4;
const DUE_90 = 5;
const DAYS_PAST_DUE_90 = 6;
const PAID_LATE_90 = 7;
const OVERDUE_180 = 8;
const OPENED_30 = 9;
const OPEN = 10;
const SATISFACTION_SUM_90 = 11;
const SATISFACTION_COUNT_90 = 12;
const ACTIVE_DAYS_30 = 13;
const MINUTES_LAST_15 = 14;
const MINUTES_PREVIOUS_15 = 15;
const LAST_ACTIVE_DAY = 16;
const SLOTS = 17;
const UNSET = [LATEST_ISSUED, BASE_ISSUED, LAST_ACTIVE_DAY];

/** What is known about one customer's billing, support and usage at one observation time T (only events before T). */
export interface FactsAt {
  billing: {
    /** Amount of the latest invoice issued before T. */
    latestAmount: number | null;
    /** Amount of the latest invoice issued before T - 182 days: the fee half a year earlier. */
    amountHalfYearBefore: number | null;
    billed180d: number;
    /** Invoices due in the 90 days before T, how many days past due each was at T (summed), and how many were paid late before T. */
    due90d: number;
    daysPastDue90d: number;
    paidLate90d: number;
    /** Invoices issued in the 180 days before T, past due and unpaid at T. */
    overdue180d: number;
  };
  tickets: { opened30d: number; openAtT: number; satisfactionSum90d: number; satisfactionCount90d: number };
  usage: { activeDays30d: number; minutesLast15d: number; minutesPrevious15d: number; lastActiveDay: EpochDay | null };
}

/**
 * Per-customer running aggregates for every observation time at once: each
 * event is read once and added to the cells of the times it precedes, so a
 * dataset is streamed a single time whatever the number of snapshots. An
 * event at or after T never touches T's cell: that is what makes the features
 * point-in-time correct. Memory: 17 float64 per customer and time.
 */
export class PointInTimeAccumulators {
  private readonly cells: Float64Array;
  private readonly times: EpochDay[];

  constructor(customers: number, times: EpochDay[]) {
    this.times = times;
    this.cells = new Float64Array(customers * times.length * SLOTS);
    for (let cell = 0; cell < customers * times.length; cell += 1) for (const slot of UNSET) this.cells[cell * SLOTS + slot] = -Infinity;
  }

  private base(customer: number, timeIndex: number): number {
    return (customer * this.times.length + timeIndex) * SLOTS;
  }

  private add(base: number, slot: number, amount: number): void {
    this.cells[base + slot] = this.cells[base + slot]! + amount;
  }

  addInvoice(customer: number, invoice: InvoiceFact): void {
    const v = this.cells;
    for (let i = 0; i < this.times.length; i += 1) {
      const t = this.times[i]!;
      if (invoice.issued >= t) continue;
      const b = this.base(customer, i);
      if (invoice.amount !== null) {
        if (invoice.issued > v[b + LATEST_ISSUED]!) {
          v[b + LATEST_ISSUED] = invoice.issued;
          v[b + LATEST_AMOUNT] = invoice.amount;
        }
        if (invoice.issued < t - WINDOWS.feeLookback && invoice.issued > v[b + BASE_ISSUED]!) {
          v[b + BASE_ISSUED] = invoice.issued;
          v[b + BASE_AMOUNT] = invoice.amount;
        }
        if (invoice.issued >= t - WINDOWS.halfYear) this.add(b, BILLED_180, invoice.amount);
      }
      const paidBeforeT = invoice.paid !== null && invoice.paid < t;
      if (invoice.due < t && invoice.due >= t - WINDOWS.quarter) {
        this.add(b, DUE_90, 1);
        // As seen at T: paid late -> the days it took; still unpaid -> the days so far.
        this.add(b, DAYS_PAST_DUE_90, paidBeforeT ? Math.max(0, invoice.paid! - invoice.due) : t - invoice.due);
        if (paidBeforeT && invoice.paid! > invoice.due) this.add(b, PAID_LATE_90, 1);
      }
      if (invoice.due < t && !paidBeforeT && invoice.issued >= t - WINDOWS.halfYear) this.add(b, OVERDUE_180, 1);
    }
  }

  addTicket(customer: number, ticket: TicketFact): void {
    for (let i = 0; i < this.times.length; i += 1) {
      const tMs = this.times[i]! * DAY_MS;
      if (ticket.openedMs >= tMs) continue;
      const b = this.base(customer, i);
      if (ticket.openedMs >= tMs - WINDOWS.short * DAY_MS) this.add(b, OPENED_30, 1);
      const openAtT = ticket.closedMs === null || ticket.closedMs >= tMs;
      if (openAtT && ticket.openedMs >= tMs - WINDOWS.halfYear * DAY_MS) this.add(b, OPEN, 1);
      // A rating exists once the ticket is closed.
      if (!openAtT && ticket.satisfaction !== null && ticket.closedMs! >= tMs - WINDOWS.quarter * DAY_MS) {
        this.add(b, SATISFACTION_SUM_90, ticket.satisfaction);
        this.add(b, SATISFACTION_COUNT_90, 1);
      }
    }
  }

  addUsage(customer: number, usage: UsageFact): void {
    const v = this.cells;
    for (let i = 0; i < this.times.length; i += 1) {
      const t = this.times[i]!;
      if (usage.day >= t) continue;
      const b = this.base(customer, i);
      if (usage.day > v[b + LAST_ACTIVE_DAY]!) v[b + LAST_ACTIVE_DAY] = usage.day;
      if (usage.day < t - WINDOWS.short) continue;
      this.add(b, ACTIVE_DAYS_30, 1);
      this.add(b, usage.day >= t - WINDOWS.halfMonth ? MINUTES_LAST_15 : MINUTES_PREVIOUS_15, usage.minutes);
    }
  }

  /** The facts of one customer at the observation time with this index. */
  factsAt(customer: number, timeIndex: number): FactsAt {
    const v = this.cells;
    const b = this.base(customer, timeIndex);
    const known = (slot: number) => v[b + slot]! > -Infinity;
    return {
      billing: {
        latestAmount: known(LATEST_ISSUED) ? v[b + LATEST_AMOUNT]! : null,
        amountHalfYearBefore: known(BASE_ISSUED) ? v[b + BASE_AMOUNT]! : null,
        billed180d: v[b + BILLED_180]!,
        due90d: v[b + DUE_90]!,
        daysPastDue90d: v[b + DAYS_PAST_DUE_90]!,
        paidLate90d: v[b + PAID_LATE_90]!,
        overdue180d: v[b + OVERDUE_180]!,
      },
      tickets: {
        opened30d: v[b + OPENED_30]!,
        openAtT: v[b + OPEN]!,
        satisfactionSum90d: v[b + SATISFACTION_SUM_90]!,
        satisfactionCount90d: v[b + SATISFACTION_COUNT_90]!,
      },
      usage: {
        activeDays30d: v[b + ACTIVE_DAYS_30]!,
        minutesLast15d: v[b + MINUTES_LAST_15]!,
        minutesPrevious15d: v[b + MINUTES_PREVIOUS_15]!,
        lastActiveDay: known(LAST_ACTIVE_DAY) ? v[b + LAST_ACTIVE_DAY]! : null,
      },
    };
  }
}
