import type { Readable } from 'node:stream';
import type { CrmColumn } from './catalog';
import type { CustomerProfile } from './customer';

/** A read-only, index-addressable collection of records, generated on demand (nothing held whole in memory). */
export interface RecordCollection<T extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  /** Number of addressable indexes (some may be empty, see get). */
  readonly size: number;
  /** The record at index i (0 <= i < size), or undefined when that index holds no record. Pure: same seed + index -> same record. */
  get(index: number): T | undefined;
}

/** A {@link RecordCollection} that also tells which defects were injected into the record at an index. */
export interface SampleCollection<T extends Record<string, unknown>> extends RecordCollection<T> {
  /** Ledger entries of the record at `index` (empty when clean or when the index holds no record). */
  defectsAt(index: number): DefectEntry[];
}

/** Names of the five sources of the sample company. */
export type SourceName = 'crm_customers' | 'billing_invoices' | 'support_tickets' | 'cancellations' | 'product_usage';

/** Kinds of injected dirtiness. */
export type DefectKind =
  | 'missing'
  | 'duplicate'
  | 'malformed_date'
  | 'malformed_number'
  | 'outlier'
  | 'unknown_category'
  | 'late_arriving';

/** Per-record probability of each defect kind (0..1); 0 everywhere gives clean data. */
export interface DefectRates {
  missing: number;
  duplicate: number;
  malformedDate: number;
  malformedNumber: number;
  outlier: number;
  unknownCategory: number;
  lateArriving: number;
}

/**
 * One injected defect. `key` is the record id (customer_id, invoice_id,
 * ticket_id, `customer_id/day` for usage); `value` is what the data holds now
 * (null for missing, the number of extra copies for duplicate); `original` is
 * the clean value it replaced.
 */
export interface DefectEntry {
  source: SourceName;
  key: string;
  column?: string;
  defect: DefectKind;
  value: unknown;
  original?: unknown;
}

/** A field as delivered: the clean type, or what a defect put there. */
type Dirty<T> = T | string | null;

/** One row of crm_customers.csv (all cells are strings, '' when missing). */
export type CrmCustomerRow = Record<CrmColumn, string>;

/** A billing_invoices record. */
export type BillingInvoice = {
  invoice_id: string;
  customer_id: string;
  period: Dirty<string>;
  amount: Dirty<number>;
  currency: Dirty<string>;
  issued_date: Dirty<string>;
  due_date: Dirty<string>;
  paid_date: Dirty<string>;
  status: Dirty<string>;
  payment_method: Dirty<string>;
  updated_at: string;
};

/** A support_tickets record. */
export type SupportTicket = {
  ticket_id: string;
  customer_id: string;
  opened_at: Dirty<string>;
  closed_at: Dirty<string>;
  category: Dirty<string>;
  priority: Dirty<string>;
  status: Dirty<string>;
  satisfaction: Dirty<number>;
  updated_at: string;
};

/** A cancellations record (the churn label source). */
export type Cancellation = {
  customer_id: string;
  cancelled_at: Dirty<string>;
  reason: Dirty<string>;
  channel: Dirty<string>;
  updated_at: string;
};

/**
 * A product_usage_daily row. The table is typed, so defects here are limited
 * to nulls, outliers and late updated_at values.
 */
export type UsageRow = {
  customer_id: string;
  day: string;
  sessions: number | null;
  minutes: number | null;
  data_mb: number | null;
  features_used: number | null;
  updated_at: string;
};

/** Options of `createSampleCompany`. */
export interface SampleCompanyOptions {
  /** Number of customers, 1_000..5_000_000. */
  customers: number;
  /** Default 42. */
  seed?: number | string;
  /** `yyyy-mm-dd`, default 2026-10-31. */
  asOf?: string;
  /** Defaults: see DEFAULT_DEFECT_RATES; missing kinds take the default. */
  defects?: Partial<DefectRates>;
}

/** Hooks of the streaming outputs. */
export interface StreamOptions {
  /** Called with every defect injected into the streamed data, in output order. */
  onDefect?: (entry: DefectEntry) => void;
  /** Customer index range [from, to) (default all). */
  from?: number;
  to?: number;
}

/** The generated company: a pure function of its options. */
export interface SampleCompany {
  readonly options: Required<Omit<SampleCompanyOptions, 'defects'>> & { defects: DefectRates };
  /** Latent truth of customer j (0-based): attributes, price history, risk drivers, cancellation. */
  customerAt(j: number): CustomerProfile;
  readonly collections: {
    billing_invoices: SampleCollection<BillingInvoice>;
    support_tickets: SampleCollection<SupportTicket>;
    cancellations: SampleCollection<Cancellation>;
  };
  /** The CRM export as a CSV byte stream (header + rows, with injected duplicates/defects). */
  crmCsv(options?: StreamOptions): Readable;
  /** CRM rows (with defects and duplicates), customer by customer. */
  crmRows(options?: StreamOptions): Generator<CrmCustomerRow>;
  /** product_usage_daily rows, customer by customer, days ascending. */
  usageRows(options?: StreamOptions): Generator<UsageRow>;
  /** Every injected defect, source by source (crm, invoices, tickets, cancellations, usage), in data order. */
  ledger(): Generator<DefectEntry>;
}
