import { PlatformError } from '@churn/core';
import { createAjv } from '../ajv-instance';

/** Outcome of one check: `warn` is a failed check of severity warn (it stops nothing). */
export type CheckStatus = 'pass' | 'fail' | 'warn';

/** One check (or rule) of a report, as the renderers show it. Only `check` and `status` are required. */
export interface CheckResultView {
  /** Unique name of the check within its suite, e.g. `email_format`. */
  name?: string;
  /** Kind of check, e.g. `completeness`, `regex`, `row-count`, or a schema rule (`type`, `enum`). */
  check: string;
  /** Where the check applies (row, column, table, cross-source, drift), when the report says. */
  level?: string;
  /** Null or absent for table-level checks. */
  column?: string | null;
  severity?: string;
  status: CheckStatus;
  observed?: unknown;
  expected?: unknown;
  /** Failing rows (or errors) the check counted. */
  failingCount?: number | null;
  /** A few failing values or rows, shown as they are (escaped). */
  examples?: readonly unknown[];
}

/** Profile of one column. Every statistic is optional: a report shows what it has. */
export interface ColumnProfileView {
  column: string;
  kind?: string;
  missing?: number;
  completeness?: number | null;
  invalid?: number;
  distinct?: number;
  distinctExact?: boolean;
  numeric?: { count?: number; min?: number | null; max?: number | null; mean?: number | null; stddev?: number | null } | null;
  /** The engine's full profile, when the report has it: the PDF draws its top values or histogram. */
  details?: ColumnProfileDetails;
}

/** What the renderers read of the engine's column profile (engine-types ColumnProfile); all optional. */
export interface ColumnProfileDetails {
  min?: number | string | null;
  max?: number | string | null;
  topValues?: ReadonlyArray<{ value: string; count: number }>;
  histogram?: { kind: 'numeric'; edges: readonly number[]; shares: readonly number[] } | { kind: 'categorical'; shares: Readonly<Record<string, number>> };
}

/**
 * What the report renderers need. Today's stored `QualityReport` (per-column
 * rule counts in `columns`) satisfies it, and so does a richer report with
 * `checks` and a `profile`: when `checks` is absent they are derived from the
 * rule counts, and `profile` is preferred to `columns`.
 */
export interface QualityReportView {
  source: string;
  runId?: string;
  asOf?: string;
  startedAt?: string;
  finishedAt?: string;
  rowsIn?: number;
  rowsValid?: number;
  rowsQuarantined?: number;
  rowsSuperseded?: number;
  /** Rows kept but flagged by warn-severity rules. */
  rowsFlagged?: number;
  checks?: readonly CheckResultView[];
  profile?: readonly ColumnProfileView[];
  columns?: readonly ColumnProfileView[];
  failuresByRule?: Readonly<Record<string, number>>;
  warningsByRule?: Readonly<Record<string, number>>;
  headerProblems?: readonly { column: string; rawColumn?: string; rule: string; message?: string }[];
}

const count = { type: 'number' } as const;
const byRule = { type: 'object', additionalProperties: { type: 'number' } } as const;

const scalar = { type: ['number', 'string', 'null'] } as const;
const detailsSchema = {
  type: 'object',
  properties: {
    min: scalar,
    max: scalar,
    topValues: { type: 'array', items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string' }, count } } },
    histogram: {
      type: 'object',
      required: ['kind', 'shares'],
      properties: {
        kind: { type: 'string', enum: ['numeric', 'categorical'] },
        edges: { type: 'array', items: count },
        shares: { type: ['array', 'object'] },
      },
    },
  },
} as const;

const columnProfileSchema = {
  type: 'object',
  required: ['column'],
  properties: {
    column: { type: 'string' },
    kind: { type: 'string' },
    missing: count,
    completeness: { type: ['number', 'null'] },
    invalid: count,
    distinct: count,
    distinctExact: { type: 'boolean' },
    numeric: {
      type: ['object', 'null'],
      properties: {
        count,
        min: { type: ['number', 'null'] },
        max: { type: ['number', 'null'] },
        mean: { type: ['number', 'null'] },
        stddev: { type: ['number', 'null'] },
      },
    },
    details: detailsSchema,
  },
} as const;

const checkSchema = {
  type: 'object',
  required: ['check', 'status'],
  properties: {
    name: { type: 'string' },
    check: { type: 'string' },
    level: { type: 'string' },
    column: { type: ['string', 'null'] },
    severity: { type: 'string' },
    status: { type: 'string', enum: ['pass', 'fail', 'warn'] },
    observed: {},
    expected: {},
    failingCount: { type: ['number', 'null'] },
    examples: { type: 'array' },
  },
} as const;

/** JSON Schema of a stored report as the routes read it (other fields are kept and ignored). Also documents GET /reports/:id. */
export const qualityReportViewSchema = {
  type: 'object',
  required: ['source'],
  properties: {
    source: { type: 'string' },
    runId: { type: 'string' },
    asOf: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    rowsIn: count,
    rowsValid: count,
    rowsQuarantined: count,
    rowsSuperseded: count,
    rowsFlagged: count,
    checks: { type: 'array', items: checkSchema },
    profile: { type: 'array', items: columnProfileSchema },
    columns: { type: 'array', items: columnProfileSchema },
    failuresByRule: byRule,
    warningsByRule: byRule,
    headerProblems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['column', 'rule'],
        properties: { column: { type: 'string' }, rawColumn: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const isReportView = createAjv({ allowUnionTypes: true }).compile<QualityReportView>(qualityReportViewSchema);

/** Parses a stored JSON report; a body that is not one is a stored-data fault, not the caller's. */
export function readQualityReportView(body: Buffer | string, key: string): QualityReportView {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch (cause) {
    throw new PlatformError('CHURN_VALIDATION_REPORT_UNREADABLE', `stored report ${key} is not JSON`, { cause, context: { key } });
  }
  if (!isReportView(parsed)) {
    const problems = (isReportView.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
    throw new PlatformError('CHURN_VALIDATION_REPORT_UNREADABLE', `stored report ${key} is not a quality report: ${problems.join('; ')}`, {
      context: { key, problems },
    });
  }
  return parsed;
}
