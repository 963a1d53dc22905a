import Ajv from 'ajv';
import type { Logger } from 'pino';
import { SampleSourcesErrorCode, sampleSourcesError } from '../errors';
import type { RecordCollection } from '../record-collection';
import { type FaultSettings, faultSettingsSchema } from './faults';
import type { RateLimitSettings } from './rate-limiter';

/** The collections served by the sample API. */
export interface SampleApiCollections {
  invoices: RecordCollection;
  tickets: RecordCollection;
  cancellations: RecordCollection;
}

/** Options of {@link createSampleApi}. */
export interface SampleApiOptions {
  collections: SampleApiCollections;
  /** The bearer token every endpoint but /healthz requires. */
  token: string;
  /** Per-token token bucket on the data endpoints; none when absent. */
  rateLimit?: RateLimitSettings;
  /** Faults in force from the start. */
  faults?: FaultSettings;
  logger?: Logger;
}

const plainSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: {
    token: { type: 'string', minLength: 1, pattern: '^[\\x21-\\x7E]+$' },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      required: ['requestsPerSecond', 'burst'],
      properties: {
        requestsPerSecond: { type: 'number', exclusiveMinimum: 0 },
        burst: { type: 'integer', minimum: 1 },
      },
    },
    faults: faultSettingsSchema,
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const checkPlain = ajv.compile(plainSchema);
const checkFaults = ajv.compile(faultSettingsSchema);

function invalid(message: string, context: Record<string, unknown> = {}): Error {
  return sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, message, { context });
}

/** Validates the options; collections and logger are checked by shape, the rest by JSON schema. */
export function validateSampleApiOptions(options: SampleApiOptions): SampleApiOptions {
  const { collections, logger, ...plain } = options;
  if (!checkPlain(plain)) {
    throw invalid(`invalid sample API options: ${ajv.errorsText(checkPlain.errors)}`, { errors: checkPlain.errors });
  }
  for (const key of ['invoices', 'tickets', 'cancellations'] as const) {
    const c = (collections as Partial<SampleApiCollections> | undefined)?.[key];
    if (!c || typeof c.get !== 'function' || !Number.isSafeInteger(c.size) || c.size < 0) {
      throw invalid(`collections.${key} must be a RecordCollection`, { collection: key });
    }
  }
  if (logger !== undefined && typeof logger.info !== 'function') throw invalid('logger must be a pino Logger');
  return options;
}

/** Validates fault settings; the message is fit for a 400 answer. */
export function checkFaultSettings(value: unknown): { ok: true; settings: FaultSettings } | { ok: false; message: string } {
  if (checkFaults(value)) return { ok: true, settings: value as FaultSettings };
  return { ok: false, message: ajv.errorsText(checkFaults.errors, { dataVar: 'faults' }) };
}

/** Like {@link checkFaultSettings}, throwing a PlatformError. */
export function validateFaultSettings(value: unknown): FaultSettings {
  const checked = checkFaultSettings(value);
  if (!checked.ok) throw invalid(`invalid fault settings: ${checked.message}`);
  return checked.settings;
}
