export { validationService } from './validation.service';
export type { ValidationIssue, HeaderProblem } from './validation-issue';
export { validatedKeys } from './lake-layout';
export type { QualityReport, ColumnQuality, NumericStats } from './quality-report';
export { qualityReportToMarkdown } from './service/report-markdown';
export type { StoredEngineReport } from './service/engine-report';
export { VALIDATION_FAILED } from './service/validation-policy';
export { renderQualityReportHtml, renderQualityReportChecksCsv, validationRoutes, type QualityReportView, type CheckResultView, type ColumnProfileView } from './reports';
export { loadExpectationSuites, suiteOf, INVALID_SUITES_CONFIG } from './suites/load-expectation-suites';
export { expectationSuitesSchema } from './suites/suites-schema';
export { suggestSuite, type SuggestSuiteOptions, type SuggestColumns } from './suites/suggest-suite';
export { suggestColumnNames, sampleColumns, withSuggestedNames, type SampleInput } from './suites/suggest-columns';
export { columnMappingProblems, type ColumnMapping, type ColumnMappingProblem } from './engine/column-mapping';
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
