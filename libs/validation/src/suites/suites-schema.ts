/** JSON Schema of an expectation-suites file; shapes only, the cross-field rules are in check-suites.ts. */

/** Source, column and check names: identifiers a lake path, SQL and a report can carry. */
export const SUITE_NAME_PATTERN = '^[a-z][a-z0-9_]*$';
const CHECK_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]*$';

const name = { type: 'string', pattern: SUITE_NAME_PATTERN } as const;
const share = { type: 'number', minimum: 0, maximum: 1 } as const;
const bound = { type: ['number', 'string'], minLength: 1 } as const;
const severity = { type: 'string', enum: ['error', 'warn'] } as const;

/** The column types a suite knows. */
export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;

const columnSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...COLUMN_TYPES] },
    required: { type: 'boolean' },
    nullable: { type: 'boolean' },
    pattern: { type: 'string', minLength: 1 },
    format: { type: 'string', enum: ['email', 'uuid'] },
    enum: { type: 'array', minItems: 1, uniqueItems: true, items: { type: ['string', 'number'] } },
    min: bound,
    max: bound,
    exclusiveMin: { type: 'boolean' },
    exclusiveMax: { type: 'boolean' },
    severity,
  },
} as const;

const base = { name: { type: 'string', pattern: CHECK_NAME_PATTERN }, severity, description: { type: 'string' } } as const;
const branch = (check: string, required: readonly string[], properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'check', ...required],
  properties: { ...base, check: { const: check }, ...properties },
});
const between = (check: string) =>
  branch(check, ['column'], { column: name, min: bound, max: bound });

const checkSchema = {
  type: 'object',
  discriminator: { propertyName: 'check' },
  required: ['check'],
  properties: { check: { type: 'string' } },
  oneOf: [
    branch('completeness', ['column', 'atLeast'], { column: name, atLeast: share }),
    branch('unique', ['columns'], { columns: { type: 'array', minItems: 1, uniqueItems: true, items: name } }),
    branch('regex', ['column', 'pattern'], { column: name, pattern: { type: 'string', minLength: 1 }, minShare: share }),
    branch('allowed_values', ['column', 'values'], {
      column: name,
      values: { type: 'array', minItems: 1, uniqueItems: true, items: { type: ['string', 'number', 'boolean'] } },
      minShare: share,
    }),
    between('min_between'),
    between('max_between'),
    between('mean_between'),
    between('stddev_between'),
    branch('outliers', ['column', 'method'], {
      column: name,
      method: { type: 'string', enum: ['iqr', 'zscore'] },
      k: { type: 'number', exclusiveMinimum: 0 },
      threshold: { type: 'number', exclusiveMinimum: 0 },
      maxShare: share,
    }),
    branch('row_count', [], {
      min: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 0 },
      changeVsPrevious: { type: 'number', minimum: 0 },
      of: { type: 'string', enum: ['input', 'valid'] },
    }),
    branch('freshness', ['column', 'maxAgeHours'], { column: name, maxAgeHours: { type: 'number', exclusiveMinimum: 0 } }),
    branch('duplicates', ['mode'], { mode: { type: 'string', enum: ['exact', 'key'] }, maxShare: share }),
    branch('references', ['column', 'references'], {
      column: name,
      references: { type: 'object', additionalProperties: false, required: ['source', 'column'], properties: { source: name, column: name } },
      minShare: share,
    }),
    branch('psi', ['column'], {
      column: name,
      bins: { type: 'integer', minimum: 2, maximum: 100 },
      warnAbove: { type: 'number', exclusiveMinimum: 0 },
      failAbove: { type: 'number', exclusiveMinimum: 0 },
    }),
  ],
} as const;

/** The values `checks[].check` accepts, for error messages. */
export const CHECK_KINDS = checkSchema.oneOf.map((b) => b.properties.check.const);

const suiteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'key', 'columns', 'checks'],
  properties: {
    source: name,
    description: { type: 'string' },
    key: { type: 'array', minItems: 1, uniqueItems: true, items: name },
    columns: { type: 'object', minProperties: 1, propertyNames: name, additionalProperties: columnSchema },
    checks: { type: 'array', items: checkSchema },
  },
} as const;

export const expectationSuitesSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://churn.platform/schemas/config/expectation-suites.json',
  type: 'object',
  additionalProperties: false,
  required: ['suites'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    suites: { type: 'array', items: suiteSchema },
  },
} as const;
