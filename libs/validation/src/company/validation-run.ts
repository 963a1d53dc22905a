import { QualityAccumulator, type QualityAccumulatorOptions, type QualityReport } from '../quality-report';
import type { ValidationIssue } from '../row-validator';
import { type CompanySourceSchema, recordKey } from './company-source-schemas';
import { type CompanyRowResult, createRowValidatorFor, type SchemaRowValidator } from './row-validator-for';

/** A {@link QualityReport} plus the warnings that did not quarantine anything. */
export interface CompanyQualityReport extends QualityReport {
  /** Warnings by rule: `missing-optional` (null in a nullable column), `late-arriving`. */
  warningsByRule: Record<string, number>;
}

/** Options shared by the company validators (CSV and NDJSON). */
export interface CompanyValidateOptions extends QualityAccumulatorOptions {
  schema: CompanySourceSchema;
  /** ISO timestamp: records updated later get a `late-arriving` warning (e.g. the end of the as-of day). */
  lateAfter?: string;
}

/**
 * The state of validating one part: duplicate keys, the quality report and
 * warning counts. A key is taken by its first VALID record; a repeat of it is
 * quarantined as `duplicate-key`. Repeats of an invalid record are quarantined
 * anyway and only get the `duplicate-key` label added.
 */
export class ValidationRun {
  readonly validator: SchemaRowValidator;
  readonly report: QualityAccumulator;
  private readonly seen = new Map<string, boolean>();
  private readonly warningsByRule: Record<string, number> = {};

  constructor(private readonly options: CompanyValidateOptions) {
    this.validator = createRowValidatorFor(options.schema, { source: options.schema.source, lateAfter: options.lateAfter });
    this.report = new QualityAccumulator(options.schema.source, this.validator.kinds, options);
  }

  /** Applies the duplicate rule to a row's result, records it in the report and returns the final result. */
  settle(values: Record<string, unknown>, observed: Record<string, string | undefined>, result: CompanyRowResult): CompanyRowResult {
    const key = recordKey(this.options.schema, values);
    let final = result;
    if (key !== undefined) {
      const state = this.seen.get(key);
      if (state === undefined || (state === false && result.ok)) {
        this.seen.set(key, result.ok);
      } else {
        final = withIssue(result, {
          column: this.options.schema.key,
          rule: 'duplicate-key',
          message: `key "${key}" already seen on an earlier ${state ? 'valid' : 'quarantined'} record`,
          value: key,
        });
      }
    }
    for (const w of final.warnings) this.warningsByRule[w.rule] = (this.warningsByRule[w.rule] ?? 0) + 1;
    this.report.observe(observed, final);
    return final;
  }

  finish(): CompanyQualityReport {
    return { ...this.report.finish(), warningsByRule: { ...this.warningsByRule } };
  }
}

/** `result` with one more error (it becomes a failure). */
export function withIssue(result: CompanyRowResult, issue: ValidationIssue): CompanyRowResult {
  return { ok: false, errors: result.ok ? [issue] : [...result.errors, issue], warnings: result.warnings };
}
