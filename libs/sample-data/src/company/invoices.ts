import { type Calendar, formatDay, formatTimestamp } from './calendar';
import { type CustomerProfile, feeAt, randomSeconds } from './customer';
import { STREAMS, streamRandom } from './prng';
import type { BillingInvoice } from './types';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Log-odds of a failed or late payment, before the month-specific part. */
function paymentTroubleLogit(profile: CustomerProfile): number {
  const method =
    profile.paymentMethod === 'Electronic check' ? 0.7 : profile.paymentMethod === 'Mailed check' ? 0.35 : -0.4;
  return -2.6 + method + 0.9 * profile.paymentStress;
}

/**
 * The clean invoice of window month m, or undefined when the customer was not
 * billed that month (not yet signed up, or cancelled in an earlier month).
 */
export function invoiceOf(seedHash: number, calendar: Calendar, profile: CustomerProfile, m: number): BillingInvoice | undefined {
  if (m < profile.firstMonth || m > profile.lastMonth) return undefined;
  const rng = streamRandom(seedHash, profile.index, STREAMS.invoice, m);
  const { asOfDay } = calendar;
  const issued = Math.max(calendar.monthStarts[m]!, profile.signupDay);
  const due = issued + 14;
  // Payment trouble builds up in the months before a cancellation.
  const monthsToCancel = profile.cancelDay === null ? Infinity : profile.lastMonth - m;
  const trouble = sigmoid(paymentTroubleLogit(profile) + (monthsToCancel <= 2 ? 0.9 : 0));
  const extras = rng.bernoulli(0.05) ? Math.round(rng.uniform(2, 20) * 100) / 100 : 0;
  const amount = Math.round((feeAt(profile, m) + extras) * 100) / 100;
  let status: 'paid' | 'late' | 'failed' = 'paid';
  if (rng.bernoulli(trouble)) status = rng.bernoulli(0.45) ? 'failed' : 'late';
  let paidDay: number | null = null;
  if (status === 'paid') paidDay = Math.min(asOfDay, issued + rng.int(0, 13));
  if (status === 'late') paidDay = Math.min(asOfDay, due + rng.int(1, 20));
  // A failed payment is known a few days after the due date (never after the as-of date).
  const updatedDay = paidDay ?? Math.min(asOfDay, due + 3);
  return {
    invoice_id: `INV-${profile.customerId.slice(1)}-${calendar.periods[m]!.replace('-', '')}`,
    customer_id: profile.customerId,
    period: calendar.periods[m]!,
    amount,
    currency: 'EUR',
    issued_date: formatDay(issued),
    due_date: formatDay(due),
    paid_date: paidDay === null ? null : formatDay(paidDay),
    status,
    payment_method: profile.paymentMethod,
    updated_at: formatTimestamp(updatedDay, randomSeconds(rng)),
  };
}
