/**
 * Environment variables every service understands. A service adds its own
 * properties with `extendEnvSchema`. Values arrive as strings; ajv coerces
 * them to the declared types and fills defaults.
 */
export const platformEnvProperties = {
  HOST: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Interface the HTTP server binds to' },
  LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
  LOG_FILE: { type: 'string', minLength: 1, description: 'Optional file that receives a copy of every log line' },
  BUS: { type: 'string', enum: ['kafka', 'memory'], description: 'Defaults to kafka when KAFKA_BROKERS is set, else memory' },
  KAFKA_BROKERS: {
    type: 'string',
    pattern: '^[^,\\s:]+:\\d{1,5}(,[^,\\s:]+:\\d{1,5})*$',
    description: 'Comma-separated host:port list',
  },
  KAFKA_CLIENT_ID: { type: 'string', minLength: 1, description: 'Defaults to the service name' },
  BUS_RETRY_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 100, default: 3 },
  BUS_RETRY_INITIAL_DELAY_MS: { type: 'integer', minimum: 0, maximum: 600000, default: 200 },
  BUS_RETRY_MAX_DELAY_MS: { type: 'integer', minimum: 0, maximum: 3600000, default: 5000 },
  BUS_NAMESPACE: {
    type: 'string',
    pattern: '^[a-z0-9][a-z0-9-]*$',
    description: 'Optional prefix of every topic and consumer group, to share one Kafka cluster',
  },
  DEAD_LETTER_TOPIC: { type: 'string', pattern: '^[A-Za-z0-9._-]+$', default: 'churn.dead-letter.v1' },
  STORAGE: { type: 'string', enum: ['s3', 'fs'], description: 'Defaults to s3 when S3_BUCKET is set, else fs' },
  LAKE_DIR: { type: 'string', minLength: 1, default: './data/lake' },
  S3_ENDPOINT: { type: 'string', format: 'uri', description: 'Omit for AWS S3' },
  S3_REGION: { type: 'string', minLength: 1, default: 'us-east-1' },
  S3_BUCKET: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' },
  S3_ACCESS_KEY_ID: { type: 'string', minLength: 1 },
  S3_SECRET_ACCESS_KEY: { type: 'string', minLength: 1 },
  S3_FORCE_PATH_STYLE: { type: 'boolean', default: false },
  DATABASE_URL: {
    type: 'string',
    pattern: '^(postgres(ql)?://.+|pglite:.+)$',
    default: 'pglite:./data/db',
    description: 'postgres://user:pass@host:port/db, or pglite:<dir> / pglite:memory for embedded Postgres',
  },
  PROJECT_DIR: {
    type: 'string',
    minLength: 1,
    default: 'projects/sample-company',
    description: 'The project folder every stage reads: sources, expectation suites, entity, datasets, features, label and model',
  },
  SHUTDOWN_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 600000, default: 15000 },
} as const;

/** Cross-variable rules: the infrastructure a chosen mode needs must be configured. */
export const platformEnvRules = [
  { if: { properties: { BUS: { const: 'kafka' } }, required: ['BUS'] }, then: { required: ['KAFKA_BROKERS'] } },
  { if: { properties: { STORAGE: { const: 's3' } }, required: ['STORAGE'] }, then: { required: ['S3_BUCKET'] } },
] as const;
