import { Ajv } from 'ajv';
import { PlatformError } from '@churn/core';
import type { PreparationSpec } from './preparation-types';

const columnList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

/** JSON Schema of a {@link PreparationSpec}. */
export const preparationSpecSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['idColumn', 'numeric', 'categorical', 'binary', 'passthrough'],
  properties: {
    idColumn: { type: 'string', minLength: 1 },
    labelColumn: { type: 'string', minLength: 1 },
    numeric: columnList,
    categorical: columnList,
    binary: columnList,
    passthrough: columnList,
    categories: { type: 'object', additionalProperties: columnList },
    keepCategoryText: { type: 'boolean' },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true }).compile(preparationSpecSchema);

/**
 * Checks shape, that no column is given two treatments and that declared categories belong to categorical
 * columns; fails with CHURN_PREPARATION_BAD_SPEC.
 */
export function assertPreparationSpec(spec: PreparationSpec): void {
  const problems: string[] = [];
  if (!validate(spec)) {
    for (const e of validate.errors ?? []) problems.push(`${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  } else {
    const label = spec.labelColumn === undefined ? [] : [spec.labelColumn];
    const all = [spec.idColumn, ...label, ...spec.numeric, ...spec.categorical, ...spec.binary, ...spec.passthrough];
    const seen = new Set<string>();
    for (const column of all) {
      if (seen.has(column)) problems.push(`column "${column}" is listed more than once`);
      seen.add(column);
    }
    for (const column of Object.keys(spec.categories ?? {})) {
      if (!spec.categorical.includes(column)) problems.push(`categories are declared for "${column}", which is not categorical`);
    }
  }
  if (problems.length > 0) {
    throw new PlatformError('CHURN_PREPARATION_BAD_SPEC', `invalid preparation spec: ${problems.join('; ')}`, {
      retriable: false,
      context: { problems },
    });
  }
}
