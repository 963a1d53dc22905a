/** Test support: compares what the validators quarantined with the generator's defect ledger. Not exported. */
import type { DefectEntry } from '@churn/sample-data';
import { nullableColumns, type SourceSchema } from './schemas/source-schema';
import type { ValidationIssue } from './validation-issue';

/** One quarantined record, by key. */
export interface Caught {
  key: string;
  errors: ValidationIssue[];
}

/** Ledger entries of a kind and how many of them the validator caught. */
export interface KindStats {
  expected: number;
  caught: number;
  /** Rules the caught entries were reported under. */
  rules: Record<string, number>;
}

/** The comparison of one source. */
export interface LedgerComparison {
  /** Kinds that must quarantine: malformed_date, malformed_number, unknown_category, outlier, missing (required), duplicate. */
  mustCatch: Record<string, KindStats>;
  /** Ledger entries of must-catch kinds that were not caught. */
  misses: DefectEntry[];
  /** Entries that must NOT quarantine (missing in a nullable column, late_arriving) but did on their column. */
  falseAlarms: DefectEntry[];
  notFailures: { missingNullable: number; lateArriving: number };
  /** Quarantined errors no ledger entry explains (precision). */
  unexplained: Caught[];
  quarantinedRecords: number;
}

const FAILING = new Set(['malformed_date', 'malformed_number', 'unknown_category', 'outlier']);

/** Matches quarantined records against the ledger entries of one source. */
export function compareWithLedger(schema: SourceSchema, caught: readonly Caught[], ledger: readonly DefectEntry[]): LedgerComparison {
  const nullable = nullableColumns(schema);
  const errorsByKey = new Map<string, ValidationIssue[]>();
  for (const c of caught) errorsByKey.set(c.key, [...(errorsByKey.get(c.key) ?? []), ...c.errors]);
  const ledgerByKey = new Map<string, DefectEntry[]>();
  for (const e of ledger) ledgerByKey.set(e.key, [...(ledgerByKey.get(e.key) ?? []), e]);

  const kindOf = (e: DefectEntry): string | null => {
    if (FAILING.has(e.defect) || e.defect === 'duplicate') return e.defect;
    if (e.defect === 'missing' && !nullable.has(e.column!)) return 'missing (required)';
    return null;
  };
  const out: LedgerComparison = {
    mustCatch: {},
    misses: [],
    falseAlarms: [],
    notFailures: { missingNullable: 0, lateArriving: 0 },
    unexplained: [],
    quarantinedRecords: caught.length,
  };
  for (const e of ledger) {
    const errors = errorsByKey.get(e.key) ?? [];
    const kind = kindOf(e);
    if (kind === null) {
      if (e.defect === 'late_arriving') out.notFailures.lateArriving += 1;
      else out.notFailures.missingNullable += 1;
      if (errors.some((x) => x.column === e.column && x.rule !== 'duplicate-key')) out.falseAlarms.push(e);
      continue;
    }
    const stats = (out.mustCatch[kind] ??= { expected: 0, caught: 0, rules: {} });
    stats.expected += 1;
    const hit =
      kind === 'duplicate'
        ? errors.find((x) => x.rule === 'duplicate-key')
        : kind === 'missing (required)'
          ? errors.find((x) => x.column === e.column && x.rule === 'required')
          : errors.find((x) => x.column === e.column);
    if (hit) {
      stats.caught += 1;
      stats.rules[hit.rule] = (stats.rules[hit.rule] ?? 0) + 1;
    } else {
      out.misses.push(e);
    }
  }
  for (const c of caught) {
    const entries = ledgerByKey.get(c.key) ?? [];
    const explains = (x: ValidationIssue): boolean =>
      x.rule === 'duplicate-key'
        ? entries.some((e) => e.defect === 'duplicate')
        : entries.some((e) => e.column === x.column && kindOf(e) !== null);
    const bad = c.errors.filter((x) => !explains(x));
    if (bad.length > 0) out.unexplained.push({ key: c.key, errors: bad });
  }
  return out;
}

/** What compareWithLedger needs of a schema, from an expectation suite: columns, key and which columns are nullable. */
export function ledgerSchemaOf(suite: { source: string; key: string[]; columns: Record<string, { required?: boolean }> }): SourceSchema {
  const properties = Object.fromEntries(Object.entries(suite.columns).map(([c, s]) => [c, { type: s.required ? 'string' : ['string', 'null'] }]));
  return { source: suite.source, columns: Object.keys(suite.columns), keyColumns: suite.key, schema: { type: 'object', required: Object.keys(suite.columns), properties } };
}
