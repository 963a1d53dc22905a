export { createSampleCompany } from './company/sample-company';
export { DEFAULT_DEFECT_RATES } from './company/defects';
export { CRM_COLUMNS, USAGE_COLUMNS, DOMAINS } from './company/catalog';
export { customerId } from './company/customer';
export type { CustomerProfile } from './company/customer';
export type {
  RecordCollection,
  SampleCollection,
  SourceName,
  DefectKind,
  DefectRates,
  DefectEntry,
  CrmCustomerRow,
  BillingInvoice,
  SupportTicket,
  Cancellation,
  UsageRow,
  SampleCompanyOptions,
  StreamOptions,
  SampleCompany,
} from './company/types';
