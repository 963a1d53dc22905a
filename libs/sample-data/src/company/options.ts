import { Ajv } from 'ajv';
import { PlatformError } from '@churn/core';
import { isIsoDay } from './calendar';
import { DEFAULT_DEFECT_RATES } from './defects';
import type { DefectRates, SampleCompanyOptions } from './types';

/** Validated options with every default filled in. */
export interface ResolvedCompanyOptions {
  customers: number;
  seed: number | string;
  asOf: string;
  defects: DefectRates;
}

const rate = { type: 'number', minimum: 0, maximum: 1 } as const;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile({
  type: 'object',
  properties: {
    customers: { type: 'integer', minimum: 1_000, maximum: 5_000_000 },
    seed: { type: ['number', 'string'] },
    asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    defects: {
      type: 'object',
      properties: Object.fromEntries(Object.keys(DEFAULT_DEFECT_RATES).map((k) => [k, rate])),
      additionalProperties: false,
    },
  },
  required: ['customers'],
  additionalProperties: false,
});

/** Checks the options of createSampleCompany; throws CHURN_SAMPLE_INVALID_OPTIONS. */
export function resolveCompanyOptions(options: SampleCompanyOptions): ResolvedCompanyOptions {
  if (!validate(options)) {
    const details = (validate.errors ?? [])
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` '${String(e.params.additionalProperty)}'` : ''}`)
      .join('; ');
    throw new PlatformError('CHURN_SAMPLE_INVALID_OPTIONS', `Invalid sample company options: ${details}`, {
      retriable: false,
      context: { errors: validate.errors },
    });
  }
  const asOf = options.asOf ?? '2026-10-31';
  if (!isIsoDay(asOf)) {
    throw new PlatformError('CHURN_SAMPLE_INVALID_OPTIONS', `Invalid sample company options: asOf '${asOf}' is not a calendar day`, {
      retriable: false,
    });
  }
  return {
    customers: options.customers,
    seed: options.seed ?? 42,
    asOf,
    defects: { ...DEFAULT_DEFECT_RATES, ...options.defects },
  };
}
