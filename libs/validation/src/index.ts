export { validationService } from './validation.service';
export { createCompanySourceSchemas, schemaOf, type CompanySourceName, type CompanySchemaOptions } from './schemas/company-source-schemas';
export {
  columnKinds,
  nullableColumns,
  recordKey,
  type ColumnKind,
  type RecordSchema,
  type SourceSchema,
  type TypedRecord,
  type TypedValue,
} from './schemas/source-schema';
export { createRowValidator, checkHeaderAgainst, parseStrictNumber, type RowValidator, type RowValidatorOptions, type RowValidationResult } from './row-validator';
export type { ValidationIssue, HeaderProblem } from './validation-issue';
export { ValidationRun, type ValidationRunOptions, type ValidationSink, type QuarantineEntry } from './validation-run';
export { validateCsvStream } from './validate-csv';
export { validateNdjsonStream } from './validate-ndjson';
export { validatedKeys } from './lake-layout';
export { QualityAccumulator, type QualityReport, type ColumnQuality, type NumericStats } from './quality-report';
export { qualityReportToMarkdown } from './quality-report-render';
export { renderQualityReportHtml, renderQualityReportChecksCsv, validationRoutes, type QualityReportView, type CheckResultView, type ColumnProfileView } from './reports';
export { loadExpectationSuites, suiteOf, INVALID_SUITES_CONFIG } from './suites/load-expectation-suites';
export { expectationSuitesSchema } from './suites/suites-schema';
export type {
  Bound,
  CheckKind,
  ColumnSpec,
  ColumnType,
  ExpectationSuite,
  ExpectationSuites,
  Severity,
  SuiteCheck,
} from './suites/suite-types';
export { runSuite } from './engine/run-suite';
export { referenceOf } from './engine/reference-of';
export type {
  CheckLevel,
  CheckResult,
  CheckStatus,
  ColumnProfile,
  FailingExample,
  Histogram,
  ReferenceProfile,
  ReferencedKeys,
  RunSuiteOptions,
  SuiteInput,
  SuiteRunResult,
} from './engine/engine-types';
