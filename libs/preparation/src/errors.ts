import { PlatformError } from '@churn/core';

/** Error codes of the preparer. */
export const PREPARATION_ERROR_CODES = [
  'CHURN_PREPARATION_SOURCE_MISSING',
  'CHURN_PREPARATION_DUPLICATE_SOURCE',
  'CHURN_PREPARATION_SCHEMA_MISSING',
  'CHURN_PREPARATION_BAD_SCHEMA',
  'CHURN_PREPARATION_SCHEMA_MISMATCH',
  'CHURN_PREPARATION_BAD_VALUE',
  'CHURN_PREPARATION_TOO_MANY_CATEGORIES',
  'CHURN_PREPARATION_COLUMN_CLASH',
  'CHURN_PREPARATION_DEPENDENCY_CYCLE',
  'CHURN_PREPARATION_INVALID_RECIPE',
  'CHURN_PREPARATION_OUT_OF_MEMORY',
] as const;

export type PreparationErrorCode = (typeof PREPARATION_ERROR_CODES)[number];

const fail = (code: PreparationErrorCode, message: string, context: Record<string, unknown>, cause?: unknown) =>
  new PlatformError(code, message, { retriable: false, context, ...(cause === undefined ? {} : { cause }) });

/**
 * The preparer's errors. Every one is about the run's input, the project or a recipe, so none is retriable:
 * the same event would meet the same data again. Storage errors pass through with their own retriability.
 */
export const preparationErrors = {
  sourceMissing: (dataset: string, source: string, runSources: string[], why: string) =>
    fail(
      'CHURN_PREPARATION_SOURCE_MISSING',
      `dataset ${dataset} needs source ${source}, which was not validated in this run (${why}); the run validated ${runSources.join(', ') || 'no source'}`,
      { dataset, source, runSources },
    ),
  duplicateSource: (source: string) =>
    fail('CHURN_PREPARATION_DUPLICATE_SOURCE', `source ${source} is listed twice in validation.completed`, { source }),
  schemaMissing: (source: string, valid: string) =>
    fail(
      'CHURN_PREPARATION_SCHEMA_MISSING',
      `${source}: validation.completed names no schema of its valid records (schema.json), so their column types are unknown`,
      { source, valid },
    ),
  badSchema: (source: string, key: string, problem: string) =>
    fail('CHURN_PREPARATION_BAD_SCHEMA', `${source}: the schema of the valid records (${key}) ${problem}`, { source, key }),
  schemaMismatch: (dataset: string, source: string, missing: string[], where: string) =>
    fail(
      'CHURN_PREPARATION_SCHEMA_MISMATCH',
      `dataset ${dataset}: ${where} of source ${source} lack(s) the column(s) ${missing.join(', ')}`,
      { dataset, source, missing },
    ),
  badValue: (dataset: string, column: string, value: string, expected: string) =>
    fail(
      'CHURN_PREPARATION_BAD_VALUE',
      `dataset ${dataset}: column ${column} holds ${JSON.stringify(value)}, which is not a valid ${expected}`,
      { dataset, column, value: value.slice(0, 200), expected },
    ),
  tooManyCategories: (dataset: string, column: string, limit: number) =>
    fail(
      'CHURN_PREPARATION_TOO_MANY_CATEGORIES',
      `dataset ${dataset}: column ${column} has more than ${limit} categories to encode; declare its enum in the expectation suite or a smaller \`top\``,
      { dataset, column, limit },
    ),
  columnClash: (dataset: string, column: string) =>
    fail('CHURN_PREPARATION_COLUMN_CLASH', `dataset ${dataset}: the prepared column ${column} would be written twice (a source column or another derived one)`, {
      dataset,
      column,
    }),
  dependencyCycle: (datasets: string[]) =>
    fail('CHURN_PREPARATION_DEPENDENCY_CYCLE', `the lookups of datasets ${datasets.join(', ')} depend on each other in a cycle`, { datasets }),
  invalidRecipe: (message: string, context: Record<string, unknown> = {}) => fail('CHURN_PREPARATION_INVALID_RECIPE', message, context),
  outOfMemory: (dataset: string, memoryLimit: string | undefined, err: unknown) =>
    fail(
      'CHURN_PREPARATION_OUT_OF_MEMORY',
      `preparing ${dataset} needed more memory than its limit (${memoryLimit ?? "DuckDB's default"}) even with spilling to disk: raise PREPARATION_MEMORY_LIMIT or free disk space for the spill directory`,
      { dataset, memoryLimit, reason: (err as Error).message.split('\n')[0] },
      err,
    ),
};
