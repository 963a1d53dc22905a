import type { SourceColumns } from '@churn/project';
import type { ColumnType } from '@churn/validation';
import type { TableProfile } from './profile-types';

/** A csv source of sources.json, as init drafts it. */
export interface DraftedCsvSource {
  name: string;
  kind: 'csv';
  description: string;
  csv: { location: string; encoding: string; delimiter: string };
  columns?: SourceColumns;
}

/** A source's `columns`: renames of the headers that are not platform names, type hints for every column that is not text. */
export function sourceColumnsOf(table: TableProfile): SourceColumns & { types?: Record<string, ColumnType> } {
  const rename = Object.fromEntries(table.columns.filter((c) => c.header !== c.name).map((c) => [c.header, c.name]));
  const types = Object.fromEntries(table.columns.filter((c) => c.type !== 'string').map((c) => [c.name, c.type]));
  return {
    ...(Object.keys(rename).length > 0 ? { rename } : {}),
    ...(Object.keys(types).length > 0 ? { types } : {}),
  };
}

/**
 * One csv source per file, read from the project's `data/` folder: headers that are not platform names are renamed
 * (`customerID` -> `customer_id`), and every column that is not text gets a type hint.
 */
export function draftSource(table: TableProfile): DraftedCsvSource {
  const columns = sourceColumnsOf(table);
  return {
    name: table.table,
    kind: 'csv',
    description: `${table.file}: ${table.rows} rows, ${table.columns.length} columns (drafted by init).`,
    csv: { location: `\${PROJECT_DIR}/data/${table.file}`, encoding: 'utf-8', delimiter: table.delimiter },
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
  };
}
