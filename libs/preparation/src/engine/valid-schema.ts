import { Ajv } from 'ajv';
import { validRecordsSchemaSchema, type EventPayload, type ValidRecordsSchema } from '@churn/contracts';
import type { ObjectStore } from '@churn/storage';
import { preparationErrors } from '../errors';

/** One source's entry of validation.completed, with the Parquet copy of its valid records when the validator wrote one. */
export type ValidatedSource = EventPayload<'validation.completed'>['sources'][number] & {
  validParquet?: { key: string; sha256: string; bytes: number };
};

const isValidRecordsSchema = new Ajv({ allErrors: true, strict: true }).compile<ValidRecordsSchema>(validRecordsSchemaSchema);

/**
 * Reads the schema.json the validator published for a source's valid records: the column types the records are read
 * with and the enums one-hot encoding uses. Every failure but the storage's own is not retriable.
 */
export async function readValidSchema(storage: ObjectStore, validated: ValidatedSource): Promise<ValidRecordsSchema> {
  const { source } = validated;
  if (validated.schema === undefined) throw preparationErrors.schemaMissing(source, validated.valid.key);
  const { key } = validated.schema;
  let schema: unknown;
  try {
    schema = JSON.parse((await storage.getBuffer(key)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw preparationErrors.badSchema(source, key, `is not JSON (${err.message})`);
    throw err;
  }
  if (!isValidRecordsSchema(schema)) {
    const problems = (isValidRecordsSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw preparationErrors.badSchema(source, key, `is not a valid-records schema: ${problems.join('; ')}`);
  }
  if (schema.source !== source) throw preparationErrors.badSchema(source, key, `is about ${schema.source}`);
  return schema;
}
