/** Names of sources and of query parameters/fields: identifiers a lake path and a URL can carry. */
export const SOURCE_NAME_PATTERN = '^[a-z][a-z0-9_]*$';
const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

const nonEmpty = { type: 'string', minLength: 1 } as const;
const envName = { type: 'string', pattern: ENV_NAME_PATTERN } as const;

const csvSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['location'],
  properties: {
    location: nonEmpty,
    encoding: { type: 'string', minLength: 1, default: 'utf-8' },
    delimiter: { type: 'string', minLength: 1, maxLength: 1, default: ',' },
  },
} as const;

const paginationSchema = {
  type: 'object',
  discriminator: { propertyName: 'type' },
  required: ['type'],
  properties: { type: { type: 'string' } },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'cursorParam', 'nextCursorField', 'itemsField'],
      properties: {
        type: { const: 'cursor' },
        cursorParam: nonEmpty,
        nextCursorField: nonEmpty,
        itemsField: nonEmpty,
        limitParam: nonEmpty,
        limit: { type: 'integer', minimum: 1, maximum: 100_000 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'pageParam'],
      properties: {
        type: { const: 'page' },
        pageParam: nonEmpty,
        perPageParam: nonEmpty,
        perPage: { type: 'integer', minimum: 1, maximum: 100_000 },
        itemsField: nonEmpty,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'offsetParam', 'limitParam', 'limit', 'itemsField'],
      properties: {
        type: { const: 'offset' },
        offsetParam: nonEmpty,
        limitParam: nonEmpty,
        limit: { type: 'integer', minimum: 1, maximum: 100_000 },
        itemsField: nonEmpty,
        totalField: nonEmpty,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { const: 'link' }, itemsField: nonEmpty },
    },
  ],
} as const;

/** The values `rest.pagination.type` accepts, for error messages. */
export const PAGINATION_TYPES = paginationSchema.oneOf.map((branch) => branch.properties.type.const);

const authSchema = {
  type: 'object',
  discriminator: { propertyName: 'type' },
  required: ['type'],
  properties: { type: { type: 'string' } },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'tokenEnv'],
      properties: { type: { const: 'bearer' }, tokenEnv: envName },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'name', 'valueEnv'],
      properties: { type: { const: 'header' }, name: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }, valueEnv: envName },
    },
  ],
} as const;

/** The values `rest.auth.type` accepts, for error messages. */
export const AUTH_TYPES = authSchema.oneOf.map((branch) => branch.properties.type.const);

const restSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'pagination'],
  properties: {
    url: { type: 'string', pattern: '^https?://[^\\s]+$' },
    pagination: paginationSchema,
    incremental: {
      type: 'object',
      additionalProperties: false,
      required: ['param', 'field'],
      properties: { param: nonEmpty, field: nonEmpty },
    },
    auth: authSchema,
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000 },
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
    circuitBreaker: {
      type: 'object',
      additionalProperties: false,
      required: ['failureThreshold', 'resetAfterMs'],
      properties: {
        failureThreshold: { type: 'integer', minimum: 1, maximum: 1000 },
        resetAfterMs: { type: 'integer', minimum: 1, maximum: 86_400_000 },
      },
    },
  },
} as const;

const postgresSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['urlEnv', 'query'],
  properties: {
    urlEnv: envName,
    query: nonEmpty,
    incremental: {
      type: 'object',
      additionalProperties: false,
      required: ['column'],
      properties: { column: nonEmpty, initial: { type: 'string' } },
    },
    batchSize: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    partBytes: { type: 'integer', minimum: 1024, maximum: 256 * 1024 * 1024 },
  },
} as const;

/** Names the platform gives columns (the expectation suites' names): a rename target must be one. */
export const COLUMN_NAME_PATTERN = '^[a-z][a-z0-9_]*$';

/** The column types a `columns.types` hint may name (the expectation suites' types). */
export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;

/**
 * How the validator reads the source's raw columns (ingestion stores the raw data unchanged): `rename` raw header or
 * property -> platform name, `drop` raw columns left out, `types` hints by platform name for the suite suggester.
 */
const columnsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Names are checked in check-sources.ts, which can say which one is wrong.
    rename: { type: 'object', propertyNames: { type: 'string', minLength: 1 }, additionalProperties: { type: 'string' } },
    drop: { type: 'array', uniqueItems: true, items: nonEmpty },
    types: { type: 'object', additionalProperties: { enum: COLUMN_TYPES } },
  },
} as const;

/** JSON Schema of the sources file (a project's sources.json). Cross-field rules live in check-sources.ts. */
export const sourcesConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sources'],
  properties: {
    $schema: { type: 'string' },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'kind'],
        properties: {
          name: { type: 'string', pattern: SOURCE_NAME_PATTERN, maxLength: 100 },
          kind: { enum: ['csv', 'rest', 'postgres'] },
          schedule: nonEmpty,
          enabled: { type: 'boolean', default: true },
          description: { type: 'string' },
          csv: csvSchema,
          rest: restSchema,
          postgres: postgresSchema,
          columns: columnsSchema,
        },
      },
    },
  },
} as const;
