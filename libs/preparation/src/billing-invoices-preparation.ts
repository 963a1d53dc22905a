import { createCategoryCounter } from './category-counts';
import { daysBetween } from './date-differences';
import { createGroupMedianCollector, type GroupMedians } from './group-medians';
import type { InputRecord, PreparedRow } from './preparation-types';
import { createImputationCounts, type PreparationContext, type TablePreparation } from './table-preparation';
import { isMissing, textOrNull, toCategory, toNumber } from './value-coding';

const COLUMNS = [
  'invoice_id', 'customer_id', 'period', 'amount', 'issued_date', 'due_date', 'paid_date', 'status', 'payment_method', 'days_late',
] as const;

/**
 * `billing_invoices`: a missing amount takes the customer's median invoice amount (else the median of all
 * invoices); a missing payment method takes the customer's CRM payment method (else the most frequent one).
 * `days_late` = paid_date - due_date in days (negative: paid early), null while unpaid. Currency is dropped
 * (always EUR).
 */
export function createBillingInvoicesPreparation(context: PreparationContext): TablePreparation {
  const amounts = createGroupMedianCollector();
  const methods = createCategoryCounter();
  let medians: GroupMedians | undefined;
  let methodMode: string | null = null;
  let rows = 0;
  const imputed = createImputationCounts(['amount', 'payment_method']);
  const amountBy = { customerMedian: 0, overallMedian: 0, leftMissing: 0 };
  const methodBy = { crm: 0, mode: 0, leftMissing: 0 };
  const customerMedians: Record<string, number> = {};

  function amountOf(customer: string, record: InputRecord): number | null {
    const v = record['amount'];
    if (!isMissing(v)) return toNumber('amount', v);
    const own = medians!.of(customer);
    if (own !== undefined) {
      amountBy.customerMedian += 1;
      customerMedians[customer] = own;
    } else if (medians!.overall !== undefined) amountBy.overallMedian += 1;
    else {
      amountBy.leftMissing += 1;
      return null;
    }
    imputed.add('amount');
    return own ?? medians!.overall!;
  }

  function methodOf(customer: string, record: InputRecord): string | null {
    const v = record['payment_method'];
    if (!isMissing(v)) return toCategory(v);
    const crm = context.crmPaymentMethods.get(customer);
    if (crm !== undefined) methodBy.crm += 1;
    else if (methodMode !== null) methodBy.mode += 1;
    else {
      methodBy.leftMissing += 1;
      return null;
    }
    imputed.add('payment_method');
    return crm ?? methodMode;
  }

  return {
    name: 'billing_invoices',
    source: 'billing_invoices',
    sources: ['billing_invoices', 'crm_customers'],
    columns: COLUMNS,
    summaryColumns: [
      { name: 'customer_id', kind: 'categorical' },
      { name: 'period', kind: 'categorical' },
      { name: 'amount', kind: 'numeric' },
      { name: 'status', kind: 'categorical' },
      { name: 'payment_method', kind: 'categorical' },
      { name: 'days_late', kind: 'numeric' },
    ],
    learn(record) {
      const v = record['amount'];
      if (!isMissing(v)) amounts.add(String(record['customer_id']), toNumber('amount', v));
      const m = record['payment_method'];
      if (!isMissing(m)) methods.add(toCategory(m));
    },
    finishLearning() {
      medians = amounts.finish();
      methodMode = methods.mode() ?? null;
    },
    prepare(record): PreparedRow {
      rows += 1;
      const customer = String(record['customer_id']);
      const due = textOrNull(record['due_date']);
      const paid = textOrNull(record['paid_date']);
      return {
        invoice_id: textOrNull(record['invoice_id']),
        customer_id: customer,
        period: textOrNull(record['period']),
        amount: amountOf(customer, record),
        issued_date: textOrNull(record['issued_date']),
        due_date: due,
        paid_date: paid,
        status: textOrNull(record['status']),
        payment_method: methodOf(customer, record),
        days_late: due !== null && paid !== null ? daysBetween({ column: 'due_date', day: due }, { column: 'paid_date', day: paid }) : null,
      };
    },
    params() {
      return {
        rows,
        imputed: imputed.counts,
        imputation: {
          amount: { overallMedian: medians?.overall ?? null, filledBy: amountBy, customerMedians },
          payment_method: { mode: methodMode, filledBy: methodBy },
        },
      };
    },
  };
}
