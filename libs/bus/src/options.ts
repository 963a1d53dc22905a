import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { BusOptionsBase } from './bus';
import { BUS_ERROR_CODES, busError } from './errors';

/** Options of the in-process bus. */
export interface InMemoryBusOptions extends BusOptionsBase {
  /** Partitions per topic (default 3, like the local Kafka); ordering holds per key. */
  partitions?: number;
}

/** Options of the Kafka bus (kafkajs). */
export interface KafkaBusOptions extends BusOptionsBase {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Partitions of the topics the bus creates before subscribing (default 3). */
  topicPartitions?: number;
  /** TCP connect timeout per broker (default 3000 ms). */
  connectionTimeoutMs?: number;
  /**
   * Consumer session timeout (default 30000 ms; the broker accepts >= 6000). A consumer
   * that dies keeps its partitions this long before the group hands them to another.
   */
  sessionTimeoutMs?: number;
}

const ajv = new Ajv({ allErrors: true, strict: true });

const baseProperties = {
  // Objects carrying functions: ajv checks the shape, checkFunctions() the methods.
  codec: { type: 'object' },
  logger: { type: 'object' },
  deadLetterTopic: { type: 'string', pattern: '^[a-zA-Z0-9._-]{1,249}$' },
  retry: {
    type: 'object',
    additionalProperties: false,
    required: ['attempts', 'initialDelayMs', 'maxDelayMs'],
    properties: {
      attempts: { type: 'integer', minimum: 1, maximum: 100 },
      initialDelayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
      maxDelayMs: { type: 'integer', minimum: 0, maximum: 3_600_000 },
    },
  },
} as const;
const baseRequired = ['codec', 'logger', 'deadLetterTopic', 'retry'];

const inMemorySchema = {
  type: 'object',
  additionalProperties: false,
  required: baseRequired,
  properties: { ...baseProperties, partitions: { type: 'integer', minimum: 1, maximum: 256 } },
};

const kafkaSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...baseRequired, 'brokers', 'clientId'],
  properties: {
    ...baseProperties,
    brokers: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[^\\s:,]+:[0-9]{1,5}$' } },
    clientId: { type: 'string', minLength: 1, maxLength: 128 },
    ssl: { type: 'boolean' },
    sasl: {
      type: 'object',
      additionalProperties: false,
      required: ['mechanism', 'username', 'password'],
      properties: {
        mechanism: { type: 'string', enum: ['plain', 'scram-sha-256', 'scram-sha-512'] },
        username: { type: 'string', minLength: 1 },
        password: { type: 'string' },
      },
    },
    topicPartitions: { type: 'integer', minimum: 1, maximum: 256 },
    connectionTimeoutMs: { type: 'integer', minimum: 100, maximum: 120_000 },
    sessionTimeoutMs: { type: 'integer', minimum: 6000, maximum: 300_000 },
  },
};

const validateInMemory = ajv.compile(inMemorySchema);
const validateKafka = ajv.compile(kafkaSchema);

function invalid(message: string, context: Record<string, unknown> = {}): never {
  throw busError(BUS_ERROR_CODES.invalidOptions, message, { context });
}

// ajv's own text says "must NOT have additional properties" without saying which one.
function describeErrors(errors: ErrorObject[]): string {
  return errors
    .map((e) => {
      const path = `options${e.instancePath}`;
      if (e.keyword === 'additionalProperties') return `${path} has unknown field ${String(e.params.additionalProperty)}`;
      return `${path} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

function check<T extends BusOptionsBase>(validate: ValidateFunction, value: unknown, what: string): T {
  if (!validate(value)) {
    invalid(`invalid ${what}: ${describeErrors(validate.errors ?? [])}`, { errors: validate.errors });
  }
  const options = value as T;
  if (typeof options.codec.validate !== 'function') invalid(`invalid ${what}: options/codec.validate must be a function`);
  for (const level of ['debug', 'info', 'warn', 'error', 'child'] as const) {
    if (typeof (options.logger as unknown as Record<string, unknown>)[level] !== 'function') {
      invalid(`invalid ${what}: options/logger.${level} must be a function (a pino Logger)`);
    }
  }
  if (options.retry.maxDelayMs < options.retry.initialDelayMs) {
    invalid(`invalid ${what}: options/retry/maxDelayMs must be >= options/retry/initialDelayMs`);
  }
  return options;
}

/** Validates in-memory bus options; throws CHURN_BUS_INVALID_OPTIONS naming the field. */
export function parseInMemoryBusOptions(value: unknown): InMemoryBusOptions {
  return check<InMemoryBusOptions>(validateInMemory, value, 'in-memory bus options');
}

/** Validates Kafka bus options; throws CHURN_BUS_INVALID_OPTIONS naming the field. */
export function parseKafkaBusOptions(value: unknown): KafkaBusOptions {
  return check<KafkaBusOptions>(validateKafka, value, 'kafka bus options');
}
