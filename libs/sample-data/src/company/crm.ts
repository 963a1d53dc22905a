import type { Calendar } from './calendar';
import { formatDay, formatTimestamp } from './calendar';
import { type CustomerProfile, feeAt } from './customer';
import type { CrmCustomerRow } from './types';

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** The clean CRM row of a customer (current state: fee after any rise, as of the last change). */
export function crmRowOf(_calendar: Calendar, profile: CustomerProfile): CrmCustomerRow {
  return {
    customer_id: profile.customerId,
    signup_date: formatDay(profile.signupDay),
    gender: profile.gender,
    birth_year: String(profile.birthYear),
    region: profile.region,
    city: profile.city,
    plan: profile.plan,
    contract: profile.contract,
    payment_method: profile.paymentMethod,
    paperless_billing: yesNo(profile.paperless),
    internet_service: profile.internet,
    phone_service: yesNo(profile.phone),
    streaming: yesNo(profile.streaming),
    tech_support: yesNo(profile.techSupport),
    monthly_fee: feeAt(profile, profile.lastMonth).toFixed(2),
    email: profile.email,
    updated_at: formatTimestamp(profile.updatedDay, profile.updatedSeconds),
  };
}

/** One CSV line (no newline); quotes only the cells that need it. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i]!;
    if (i > 0) line += ',';
    line += /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return line;
}
