import { PlatformError } from '@churn/core';
import { crmCustomersSchema } from './crm-customers.schema';

/** How a CSV cell is converted before schema validation. */
export type ColumnKind = 'string' | 'integer' | 'number';

/** A JSON Schema of one typed record: an object whose properties are the columns. */
export interface RecordSchema {
  readonly type: 'object';
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, { readonly type: string | readonly string[] }>>;
}

/** What the validator knows about one source: its record schema, key column and header order. */
export interface SourceSchema {
  schema: RecordSchema;
  key: string;
  columns: readonly string[];
}

/** Every source the validator accepts, by source name. Add a source by adding an entry. */
export const sourceSchemas: Record<string, SourceSchema> = {
  crm_customers: {
    schema: crmCustomersSchema,
    key: 'customer_id',
    columns: crmCustomersSchema.required,
  },
};

/** A value of a typed record. */
export type TypedValue = string | number | null;

/** A typed record of any source (column -> value). */
export type TypedRecord = Record<string, TypedValue>;

/** The registry entry of a source; an unknown name fails with CHURN_VALIDATION_UNKNOWN_SOURCE (not retriable). */
export function getSourceSchema(source: string): SourceSchema {
  const def = Object.prototype.hasOwnProperty.call(sourceSchemas, source) ? sourceSchemas[source] : undefined;
  if (!def) {
    throw new PlatformError('CHURN_VALIDATION_UNKNOWN_SOURCE', `unknown source "${source}"`, {
      retriable: false,
      context: { source, known: Object.keys(sourceSchemas) },
    });
  }
  return def;
}

/** Conversion kind of every column, read from the schema's `type` (null aside). */
export function columnKinds(def: SourceSchema): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = {};
  for (const column of def.columns) {
    const declared = def.schema.properties[column]?.type ?? 'string';
    const types = (Array.isArray(declared) ? declared : [declared]) as string[];
    kinds[column] = types.includes('integer') ? 'integer' : types.includes('number') ? 'number' : 'string';
  }
  return kinds;
}

/** Columns that may be null (empty cell) according to the schema. */
export function nullableColumns(def: SourceSchema): Set<string> {
  const out = new Set<string>();
  for (const column of def.columns) {
    const declared = def.schema.properties[column]?.type;
    if (Array.isArray(declared) && declared.includes('null')) out.add(column);
  }
  return out;
}
