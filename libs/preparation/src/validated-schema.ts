import { Ajv } from 'ajv';
import { PlatformError } from '@churn/core';
import { validRecordsSchemaSchema, type EventPayload, type ValidRecordsSchema } from '@churn/contracts';
import type { ObjectStore } from '@churn/storage';

type ValidatedSource = EventPayload<'validation.completed'>['sources'][number];

const isValidRecordsSchema = new Ajv({ allErrors: true, strict: true }).compile<ValidRecordsSchema>(validRecordsSchemaSchema);

function badSchema(source: string, key: string, problem: string): PlatformError {
  return new PlatformError('CHURN_PREPARATION_BAD_SCHEMA', `${source}: the schema of the valid records (${key}) ${problem}`, {
    retriable: false,
    context: { source, key },
  });
}

/**
 * Reads the schema the validator published for a source's valid records (`schema.json`, named by the event).
 * Every failure but the storage's own is not retriable: the event or the stored object would be the same again.
 */
export async function readValidSchema(storage: ObjectStore, validated: ValidatedSource): Promise<ValidRecordsSchema> {
  const { source } = validated;
  if (validated.schema === undefined) {
    throw new PlatformError(
      'CHURN_PREPARATION_SCHEMA_MISSING',
      `${source}: validation.completed names no schema of its valid records (schema.json), so the declared categories are unknown`,
      { retriable: false, context: { source, valid: validated.valid.key } },
    );
  }
  const { key } = validated.schema;
  let schema: unknown;
  try {
    schema = JSON.parse((await storage.getBuffer(key)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw badSchema(source, key, `is not JSON (${err.message})`);
    throw err;
  }
  if (!isValidRecordsSchema(schema)) {
    const problems = (isValidRecordsSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw badSchema(source, key, `is not a valid-records schema: ${problems.join('; ')}`);
  }
  if (schema.source !== source) throw badSchema(source, key, `is about ${schema.source}`);
  return schema;
}

/** Fails (not retriable) when the schema does not declare every field the preparer reads of the source. */
export function assertDeclaresFields(schema: ValidRecordsSchema, fields: readonly string[]): void {
  const declared = new Set(schema.columns.map((c) => c.name));
  const missing = fields.filter((f) => !declared.has(f));
  if (missing.length > 0) {
    throw new PlatformError(
      'CHURN_PREPARATION_SCHEMA_MISMATCH',
      `${schema.source}: the validated records do not declare ${missing.join(', ')}, which the preparer reads`,
      { retriable: false, context: { source: schema.source, missing } },
    );
  }
}

/**
 * Column -> its declared values, in the order the schema (the validator's suite) declares them: the one-hot
 * categories. A column without an `enum` fails (not retriable) instead of being guessed from the data, which
 * would make the dataset's columns depend on the rows of the run.
 */
export function declaredCategories(schema: ValidRecordsSchema, columns: readonly string[]): Record<string, string[]> {
  const categories: Record<string, string[]> = {};
  for (const column of columns) {
    const values = schema.columns.find((c) => c.name === column)?.enum;
    if (values === undefined) {
      throw new PlatformError(
        'CHURN_PREPARATION_CATEGORIES_UNDECLARED',
        `${schema.source}.${column}: the schema of the validated records declares no enum for this column, so its one-hot columns are unknown; declare its values (enum) in the source's expectation suite`,
        { retriable: false, context: { source: schema.source, column } },
      );
    }
    categories[column] = values.map(String);
  }
  return categories;
}
