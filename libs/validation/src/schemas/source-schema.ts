/** How a CSV cell is converted before schema validation. */
export type ColumnKind = 'string' | 'integer' | 'number';

/** A JSON Schema of one typed record: an object whose properties are the columns. */
export interface RecordSchema {
  readonly type: 'object';
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, { readonly type: string | readonly string[] }>>;
}

/** What the validator knows about one source: its name, record schema, columns in order and key. */
export interface SourceSchema {
  source: string;
  schema: RecordSchema;
  /** Columns in the order records are written (the CSV header order for CSV sources). */
  columns: readonly string[];
  /** Key columns; the record key is their values joined with '/'. */
  keyColumns: readonly string[];
}

/** A value of a typed record. */
export type TypedValue = string | number | null;

/** A typed record of any source (column -> value), columns in schema order. */
export type TypedRecord = Record<string, TypedValue>;

/** Conversion kind of every column, read from the schema's `type` (null aside). */
export function columnKinds(def: Pick<SourceSchema, 'schema' | 'columns'>): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = {};
  for (const column of def.columns) {
    const declared = def.schema.properties[column]?.type ?? 'string';
    const types = (Array.isArray(declared) ? declared : [declared]) as string[];
    kinds[column] = types.includes('integer') ? 'integer' : types.includes('number') ? 'number' : 'string';
  }
  return kinds;
}

/** Columns that may be null (empty cell) according to the schema. */
export function nullableColumns(def: Pick<SourceSchema, 'schema' | 'columns'>): Set<string> {
  const out = new Set<string>();
  for (const column of def.columns) {
    const declared = def.schema.properties[column]?.type;
    if (Array.isArray(declared) && declared.includes('null')) out.add(column);
  }
  return out;
}

/** The key of a record: its key columns' values joined with '/'; undefined when one is not a non-empty string. */
export function recordKey(def: Pick<SourceSchema, 'keyColumns'>, record: Readonly<Record<string, unknown>>): string | undefined {
  const parts: string[] = [];
  for (const column of def.keyColumns) {
    const v = record[column];
    if (typeof v !== 'string' || v === '') return undefined;
    parts.push(v);
  }
  return parts.join('/');
}
