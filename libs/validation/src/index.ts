export { validationService } from './validation.service';
export { crmCustomersSchema, type CrmCustomerRecord } from './crm-customers.schema';
export {
  sourceSchemas,
  getSourceSchema,
  columnKinds,
  nullableColumns,
  type SourceSchema,
  type RecordSchema,
  type ColumnKind,
  type TypedRecord,
  type TypedValue,
} from './source-schemas';
export {
  createRowValidator,
  checkHeaderAgainst,
  parseStrictNumber,
  type RowValidator,
  type RowValidationResult,
  type ValidationIssue,
  type HeaderProblem,
} from './row-validator';
export { validateCsvStream, type ValidateCsvOptions, type QuarantineEntry } from './validate-csv';
export { QualityAccumulator, type QualityReport, type ColumnQuality, type NumericStats } from './quality-report';
export { qualityReportToCsv, qualityReportToMarkdown } from './quality-report-render';
