export { renderQualityReportHtml, type QualityReportHtmlOptions } from './quality-report-html';
export { renderQualityReportChecksCsv } from './quality-report-checks-csv';
export { renderQualityReportPdf, type QualityReportPdfOptions } from './quality-report-pdf';
export { checksOf, overallStatus, statusCounts } from './report-checks';
export { readQualityReportView, qualityReportViewSchema, type QualityReportView, type CheckResultView, type CheckStatus, type ColumnProfileView } from './report-view';
export { negotiateFormat, REPORT_FORMATS, type ReportFormat } from './report-format';
export { validationRoutes } from './validation.routes';
export { reportRoutes } from './report.routes';
