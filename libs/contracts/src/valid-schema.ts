import type { FromSchema } from 'json-schema-to-ts';
import type { validRecordsSchemaSchema } from './valid-schema.schema';

/** The schema of one source's valid records, as stored in `schema.json` (see validRecordsSchemaSchema). */
export type ValidRecordsSchema = FromSchema<typeof validRecordsSchemaSchema>;

/** One column of a {@link ValidRecordsSchema}. */
export type ValidRecordsColumn = ValidRecordsSchema['columns'][number];
