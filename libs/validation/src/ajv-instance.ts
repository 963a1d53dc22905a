import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under ESM its function may sit on `default`.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** A strict ajv that reports every error and knows the standard formats (date, date-time, email, ...) and their bounds. */
export function createAjv(options: { allowUnionTypes?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, ...options });
  addFormats(ajv);
  return ajv;
}
