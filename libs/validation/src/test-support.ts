/** Test fixtures: valid records of the company sources and CSV/NDJSON text. Not exported from the package. */

/** A valid raw crm_customers row (all strings); override any cell. */
export function crmRow(overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  const row: Record<string, string> = {
    customer_id: 'C0000001',
    signup_date: '2024-03-15',
    gender: 'Female',
    birth_year: '1985',
    region: 'north',
    city: 'Hamburg',
    plan: 'standard',
    contract: 'Month-to-month',
    payment_method: 'Electronic check',
    paperless_billing: 'Yes',
    internet_service: 'Fiber optic',
    phone_service: 'Yes',
    streaming: 'No',
    tech_support: 'No',
    monthly_fee: '42.50',
    email: 'anna.schmidt@example.org',
    updated_at: '2026-10-01T09:00:00Z',
  };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) row[k] = v;
  return row;
}

/** The crm_customers columns in export order. */
export const CRM_HEADER: readonly string[] = Object.keys(crmRow());

/** A valid billing_invoices record; override any field. */
export const invoice = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  invoice_id: 'INV-0000001-202610',
  customer_id: 'C0000001',
  period: '2026-10',
  amount: 52.4,
  currency: 'EUR',
  issued_date: '2026-10-01',
  due_date: '2026-10-15',
  paid_date: null,
  status: 'failed',
  payment_method: 'Electronic check',
  updated_at: '2026-10-18T09:12:00Z',
  ...overrides,
});

/** A valid product_usage row; override any field. */
export const usage = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  customer_id: 'C0000001',
  day: '2026-10-30',
  sessions: 3,
  minutes: 41.5,
  data_mb: 210.2,
  features_used: 2,
  updated_at: '2026-10-30T23:10:00Z',
  ...overrides,
});

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text (LF line ends) of rows, with the crm_customers header unless another is given. */
export function toCsv(rows: Record<string, string>[], header: readonly string[] = CRM_HEADER): string {
  const lines = [header.join(',')];
  for (const r of rows) lines.push(header.map((c) => cell(r[c] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

/** NDJSON text; a string is taken as a line as it is. */
export const toNdjson = (...records: unknown[]): string => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
