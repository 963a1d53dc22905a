/** Test fixtures: raw crm_customers rows and CSV text built from them. Not exported from the package. */

export const CRM_HEADER = [
  'customer_id', 'signup_date', 'gender', 'senior_citizen', 'partner', 'dependents', 'tenure_months', 'contract',
  'payment_method', 'paperless_billing', 'internet_service', 'phone_service', 'streaming', 'tech_support',
  'monthly_charges', 'total_charges', 'support_calls_12m', 'previous_monthly_charges', 'churn',
] as const;

/** A valid raw row (all strings); override any cell. */
export function crmRow(overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  const base: Record<string, string> = {
    customer_id: 'C000001',
    signup_date: '2021-03-15',
    gender: 'Female',
    senior_citizen: '0',
    partner: 'Yes',
    dependents: 'No',
    tenure_months: '12',
    contract: 'Month-to-month',
    payment_method: 'Electronic check',
    paperless_billing: 'Yes',
    internet_service: 'Fiber optic',
    phone_service: 'Yes',
    streaming: 'No',
    tech_support: 'No',
    monthly_charges: '70.35',
    total_charges: '844.20',
    support_calls_12m: '2',
    previous_monthly_charges: '65.00',
    churn: 'No',
  };
  const row = { ...base };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) row[k] = v;
  return row;
}

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text (LF line ends) of rows, with the standard header unless another is given. */
export function toCsv(rows: Record<string, string>[], header: readonly string[] = CRM_HEADER): string {
  const lines = [header.join(',')];
  for (const r of rows) lines.push(header.map((c) => cell(r[c] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}
