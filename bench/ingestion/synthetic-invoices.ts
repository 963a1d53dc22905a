import type { RecordCollection } from '@churn/sample-sources';

const BASE_MS = Date.parse('2025-11-01T00:00:00Z');
const STATUSES = ['paid', 'paid', 'paid', 'paid', 'late', 'failed'] as const;
const METHODS = ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'] as const;

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * `size` invoice-shaped records computed from the index alone, far cheaper
 * than the sample company's billing collection, so a REST benchmark measures
 * the connector and the lake rather than the generator. `updated_at` grows
 * with the index (one second apart), like an API sorted by change time.
 */
export function syntheticInvoices(size: number): RecordCollection {
  return {
    name: 'billing_invoices',
    size,
    get(i) {
      if (!Number.isInteger(i) || i < 0 || i >= size) return undefined;
      const month = i % 12;
      const issuedMs = BASE_MS + month * 30 * 86_400_000;
      const status = STATUSES[(i * 7) % STATUSES.length] as string;
      return {
        invoice_id: `INV${String(i).padStart(10, '0')}`,
        customer_id: `C${String(Math.floor(i / 12) % 10_000_000).padStart(7, '0')}`,
        period: day(issuedMs).slice(0, 7),
        amount: Math.round(2000 + ((i * 7919) % 9000)) / 100,
        currency: 'EUR',
        issued_date: day(issuedMs),
        due_date: day(issuedMs + 14 * 86_400_000),
        paid_date: status === 'failed' ? null : day(issuedMs + (status === 'late' ? 30 : 5) * 86_400_000),
        status,
        payment_method: METHODS[i % METHODS.length] as string,
        updated_at: iso(BASE_MS + i * 1000),
      };
    },
  };
}
