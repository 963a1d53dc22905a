import { QualityAccumulator, type QualityAccumulatorOptions, type QualityReport } from './quality-report';
import { createRowValidator, type RowValidationResult, type RowValidator } from './row-validator';
import { recordKey, type SourceSchema, type TypedRecord } from './schemas/source-schema';
import type { ValidationIssue } from './validation-issue';

/** A record that failed validation, as received (CSV cells by header, a JSON object, or a line that is no JSON object). */
export interface QuarantineEntry {
  /** 1-based line of the part where the record starts. */
  line: number;
  raw: Record<string, unknown> | string;
  errors: ValidationIssue[];
}

/** Where a validator hands its rows; awaited, so a slow sink applies backpressure. */
export interface ValidationSink {
  onValid(record: TypedRecord, warnings: ValidationIssue[]): void | Promise<void>;
  onQuarantined(entry: QuarantineEntry): void | Promise<void>;
}

/** Options of a {@link ValidationRun}. */
export interface ValidationRunOptions extends QualityAccumulatorOptions {
  schema: SourceSchema;
  /** ISO timestamp: records updated later get a `late-arriving` warning (e.g. the end of the as-of day). */
  lateAfter?: string;
}

/**
 * The state of validating one source across its deliveries (manifests), which
 * are fed NEWEST first: the row validator, the quality report and the keys seen.
 *
 * Within one delivery a key is taken by its first VALID record; a repeat is
 * quarantined as `duplicate-key` (repeats of an invalid record are quarantined
 * anyway and only get the label added). Once an older delivery starts, every
 * key a newer one holds validly is final: its older versions are superseded.
 */
export class ValidationRun {
  readonly validator: RowValidator;
  readonly report: QualityAccumulator;
  /** Keys with a valid record in a newer delivery. */
  private readonly taken = new Set<string>();
  /** Keys of the current delivery -> whether a valid record holds them. */
  private seen = new Map<string, boolean>();

  constructor(private readonly options: ValidationRunOptions) {
    this.validator = createRowValidator(options.schema, { lateAfter: options.lateAfter });
    this.report = new QualityAccumulator(options.schema.source, this.validator.kinds, options);
  }

  /** Moves on to the next older delivery. */
  startOlderDelivery(): void {
    for (const [key, valid] of this.seen) if (valid) this.taken.add(key);
    this.seen = new Map();
  }

  /** The record key of a row's values (strings only), undefined when a key column is missing or not a string. */
  keyOf(values: Readonly<Record<string, unknown>>): string | undefined {
    return recordKey(this.options.schema, values);
  }

  /** True, and counted, when a newer delivery already holds a valid record with this key: the row is not checked. */
  skipSuperseded(key: string | undefined): boolean {
    if (key === undefined || !this.taken.has(key)) return false;
    this.report.supersede();
    return true;
  }

  /** Applies the duplicate rule to a row's result, records it in the report and returns the final result. */
  settle(key: string | undefined, observed: Record<string, string | undefined>, result: RowValidationResult): RowValidationResult {
    let final = result;
    if (key !== undefined) {
      const state = this.seen.get(key);
      if (state === undefined || (state === false && result.ok)) {
        this.seen.set(key, result.ok);
      } else {
        final = withIssue(result, {
          column: this.options.schema.keyColumns[0] ?? null,
          rule: 'duplicate-key',
          message: `key "${key}" already seen on an earlier ${state ? 'valid' : 'quarantined'} record of this delivery`,
          value: key,
        });
      }
    }
    this.report.observe(observed, final);
    return final;
  }

  finish(): QualityReport {
    return this.report.finish();
  }
}

/** `result` with one more error (it becomes a failure). */
export function withIssue(result: RowValidationResult, issue: ValidationIssue): RowValidationResult {
  return { ok: false, errors: result.ok ? [issue] : [...result.errors, issue], warnings: result.warnings };
}

/** Hands a settled result to the sink. */
export async function deliver(sink: ValidationSink, result: RowValidationResult, line: number, raw: QuarantineEntry['raw']): Promise<void> {
  if (result.ok) await sink.onValid(result.record, result.warnings);
  else await sink.onQuarantined({ line, raw, errors: result.errors });
}
