import { Ajv, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { ML_ERROR_CODES, mlError } from './errors';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

/** Compiles a JSON schema once; the returned function throws CHURN_ML_INVALID_OPTIONS on bad input. */
export function optionsValidator<T>(what: string, schema: JSONSchemaType<T>): (value: unknown) => T {
  const validate: ValidateFunction<T> = ajv.compile(schema);
  return (value: unknown): T => {
    if (!validate(value)) {
      const details = (validate.errors ?? [])
        .map((e) => {
          const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params.additionalProperty)}'` : '';
          return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
        })
        .join('; ');
      throw mlError(ML_ERROR_CODES.invalidOptions, `Invalid ${what}: ${details}`, { errors: validate.errors });
    }
    return value;
  };
}
