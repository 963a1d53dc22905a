import { join } from 'node:path';
import { ident, str, type Session } from '@churn/duckdb';
import { suggestSuite, type ExpectationSuite } from '@churn/validation';
import { sourceColumnsOf } from './draft-sources';
import type { TableGuess } from './guess-types';
import type { TableProfile } from './profile-types';

/** The file itself, or for another delimiter a comma-separated copy with the same header: the suggester reads commas. */
async function commaSeparated(session: Session, table: TableProfile, dir: string): Promise<string> {
  if (table.delimiter === ',') return table.path;
  const out = join(dir, `${table.table}.csv`);
  const spec = `{${table.columns.map((c) => `${str(c.header)}: 'VARCHAR'`).join(', ')}}`;
  await session.exec(
    `COPY (SELECT ${table.columns.map((c) => ident(c.header)).join(', ')} FROM read_csv(${str(table.path)}, header = true, auto_detect = false,
       delim = ${str(table.delimiter)}, quote = '"', escape = '"', columns = ${spec})) TO ${str(out)} (FORMAT csv, HEADER, DELIMITER ',')`,
  );
  return out;
}

/**
 * One expectation suite per table from the validation suggester (types, required, enums, id patterns, bounds, key
 * unique, row count, completeness and drift), read through the source's `columns` (renames and init's type hints)
 * and keyed by init's key. A key repeated by versions of a row gets a duplicates warning.
 */
export async function suggestSuites(session: Session, tables: readonly TableGuess[], workDir: string): Promise<ExpectationSuite[]> {
  const suites: ExpectationSuite[] = [];
  for (const t of tables) {
    const path = await commaSeparated(session, t.profile, workDir);
    const { rename, types = {} } = sourceColumnsOf(t.profile);
    // A hinted type with values that fail it breaks the suggester's bounds (an invalid date): those are typed here.
    const malformed = t.profile.columns.filter((c) => c.malformed > 0);
    const hints = Object.fromEntries(Object.entries(types).filter(([name]) => !malformed.some((c) => c.name === name)));
    const suite = await suggestSuite({ source: t.profile.table, inputs: [{ path, format: 'csv' }], columns: { ...(rename ? { rename } : {}), types: hints }, key: t.key });
    for (const c of malformed) suite.columns[c.name] = { type: c.type, ...(c.present === t.profile.rows ? { required: true } : {}) };
    if (t.repeatedKeys > 0) {
      // Validation keeps the first row of a key and quarantines the others; warn when they grow.
      const maxShare = Math.min(1, Math.ceil((t.repeatedKeys / t.profile.rows) * 200) / 100);
      suite.checks.push({ name: `${t.key.join('_')}_repeated`, check: 'duplicates', mode: 'key', maxShare, severity: 'warn', description: 'rows repeating a key (versions of a row)' });
    }
    suites.push(suite);
  }
  return suites;
}
