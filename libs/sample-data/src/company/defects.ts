import type { Random } from '../random';
import { type EpochDay, formatTimestamp } from './calendar';
import type { DefectEntry, DefectKind, DefectRates, SourceName } from './types';

/** Small default rates: about one record in seven carries some defect. */
export const DEFAULT_DEFECT_RATES: DefectRates = {
  missing: 0.02,
  duplicate: 0.01,
  malformedDate: 0.01,
  malformedNumber: 0.01,
  outlier: 0.01,
  unknownCategory: 0.01,
  lateArriving: 0.01,
};

/** Which columns of a source each defect kind may hit, and with what values. */
export interface DefectSpec {
  source: SourceName;
  missing: readonly string[];
  dates: readonly string[];
  numbers: readonly string[];
  outliers: Readonly<Record<string, readonly (number | string)[]>>;
  categories: Readonly<Record<string, readonly string[]>>;
  /** How a missing value is written: '' in CSV cells, null in JSON / SQL. */
  empty: '' | null;
  /** CSV cells are strings; typed records keep numeric outliers as numbers. */
  stringCells: boolean;
}

const BAD_DATES = ['31/02/2026', '2026-13-01', 'yesterday', '2026-02-30'] as const;

function malformedDate(rng: Random, original: string): string {
  // Also the most common real-world one: a valid date in the wrong (European) format.
  if (rng.bernoulli(0.2) && /^\d{4}-\d{2}-\d{2}/.test(original)) {
    return `${original.slice(8, 10)}/${original.slice(5, 7)}/${original.slice(0, 4)}`;
  }
  return BAD_DATES[rng.int(0, BAD_DATES.length - 1)]!;
}

function malformedNumber(rng: Random, original: string): string {
  const choice = rng.int(0, 3);
  if (choice === 0) return original.includes('.') ? original.replace('.', ',') : `${original},5`;
  if (choice === 1) return 'abc';
  if (choice === 2) return '1e999';
  return `${original} EUR`;
}

/** One record being dirtied: module-level helpers instead of closures keep the per-record cost low. */
interface Injection {
  record: Record<string, unknown>;
  key: string;
  spec: DefectSpec;
  rng: Random;
  entries: DefectEntry[];
  used: string[];
}

function choose(job: Injection, columns: readonly string[]): string | undefined {
  const eligible: string[] = [];
  for (const c of columns) {
    const v = job.record[c];
    if (v !== null && v !== '' && v !== undefined && !job.used.includes(c)) eligible.push(c);
  }
  return eligible.length === 0 ? undefined : eligible[job.rng.int(0, eligible.length - 1)];
}

function apply(job: Injection, defect: DefectKind, column: string, value: unknown): void {
  job.entries.push({ source: job.spec.source, key: job.key, column, defect, value, original: job.record[column] });
  job.record[column] = value;
  job.used.push(column);
}

/**
 * Injects defects into a record in place, each kind with its own probability
 * and at most one defect per column, and returns the ledger entries. The
 * order of draws is fixed, so the same random stream always gives the same
 * defects.
 */
export function injectDefects(
  record: Record<string, unknown>,
  key: string,
  spec: DefectSpec,
  rates: DefectRates,
  rng: Random,
  asOfDay: EpochDay,
): DefectEntry[] {
  const job: Injection = { record, key, spec, rng, entries: [], used: [] };
  if (rng.bernoulli(rates.missing)) {
    const column = choose(job, spec.missing);
    if (column) apply(job, 'missing', column, spec.empty);
  }
  if (rng.bernoulli(rates.malformedDate)) {
    const column = choose(job, spec.dates);
    if (column) apply(job, 'malformed_date', column, malformedDate(rng, String(record[column])));
  }
  if (rng.bernoulli(rates.malformedNumber)) {
    const column = choose(job, spec.numbers);
    if (column) apply(job, 'malformed_number', column, malformedNumber(rng, String(record[column])));
  }
  if (rng.bernoulli(rates.outlier)) {
    const column = choose(job, Object.keys(spec.outliers));
    if (column) {
      const values = spec.outliers[column]!;
      const value = values[rng.int(0, values.length - 1)]!;
      apply(job, 'outlier', column, spec.stringCells ? String(value) : value);
    }
  }
  if (rng.bernoulli(rates.unknownCategory)) {
    const column = choose(job, Object.keys(spec.categories));
    if (column) {
      const values = spec.categories[column]!;
      apply(job, 'unknown_category', column, values[rng.int(0, values.length - 1)]!);
    }
  }
  if (rng.bernoulli(rates.lateArriving)) {
    // Arrives after the as-of window closed, so it is newer than every clean record.
    apply(job, 'late_arriving', 'updated_at', formatTimestamp(asOfDay + rng.int(1, 7), rng.int(0, 86_399)));
  }
  return job.entries;
}
