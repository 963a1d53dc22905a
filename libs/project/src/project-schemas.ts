// JSON Schemas of the project's own files (project.json, datasets.json, features.json). Strict: an unknown
// field is a typo until proven otherwise. Cross-file rules (a feature names a column its dataset has) are
// in check-project.ts. A union is either discriminated by a tag (`kind`, `strategy`) or an object with
// exactly one of its fields (`minProperties`/`maxProperties` 1), never a bare oneOf: each mistake is then
// one problem, not one per branch.

/** Column, dataset, feature and view names: SQL- and column-safe. */
export const NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
/** Project and model names: they appear in paths and registry URLs. */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]*$';

const name = { type: 'string', pattern: NAME_PATTERN, maxLength: 63 } as const;
const slug = { type: 'string', pattern: SLUG_PATTERN, maxLength: 63 } as const;
const text = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const names = { type: 'array', items: name, uniqueItems: true } as const;
const tags = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 63 }, uniqueItems: true } as const;
const expr = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const days = { type: 'integer', minimum: 1, maximum: 36500 } as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;

export const projectManifestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'entity', 'label', 'model'],
  properties: {
    $schema: { type: 'string' },
    name: slug,
    description: text,
    entity: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'key', 'dataset'],
      properties: { name, key: name, dataset: name, since: name },
    },
    label: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string' } },
      discriminator: { propertyName: 'kind' },
      oneOf: [
        {
          additionalProperties: false,
          required: ['kind', 'column', 'positive'],
          properties: { kind: { const: 'status' }, column: name, positive: { type: 'array', minItems: 1, items: scalar } },
        },
        {
          additionalProperties: false,
          required: ['kind', 'dataset', 'time', 'horizonDays', 'snapshots'],
          properties: {
            kind: { const: 'event' },
            dataset: name,
            time: name,
            horizonDays: { type: 'integer', minimum: 1, maximum: 365 },
            snapshots: { type: 'integer', minimum: 1, maximum: 24 },
          },
        },
      ],
    },
    model: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'featureView'],
      properties: {
        name: slug,
        featureView: name,
        algorithms: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['logistic_regression'] }, default: ['logistic_regression'] },
        testFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2 },
        seed: { type: 'integer', default: 42 },
        l2: { type: 'number', minimum: 0, default: 1 },
        threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
      },
    },
  },
} as const;

const imputation = {
  type: 'object',
  required: ['strategy'],
  properties: { strategy: { type: 'string' } },
  discriminator: { propertyName: 'strategy' },
  oneOf: [
    ...(['mean', 'median', 'mode', 'forward_fill'] as const).map((strategy) => ({
      additionalProperties: false,
      required: ['strategy'],
      properties: { strategy: { const: strategy }, indicator: { type: 'boolean' } },
    })),
    {
      additionalProperties: false,
      required: ['strategy', 'value'],
      properties: { strategy: { const: 'constant' }, value: scalar, indicator: { type: 'boolean' } },
    },
    {
      additionalProperties: false,
      required: ['strategy', 'by'],
      properties: { strategy: { const: 'group_median' }, by: name, indicator: { type: 'boolean' } },
    },
    {
      additionalProperties: false,
      required: ['strategy', 'dataset', 'on', 'column'],
      properties: { strategy: { const: 'lookup' }, dataset: name, on: name, column: name, indicator: { type: 'boolean' } },
    },
  ],
} as const;

const quantile = { type: 'number', minimum: 0, maximum: 1 } as const;

const columnPreparation = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { enum: ['numeric', 'categorical', 'boolean', 'date', 'text', 'id'] },
    impute: imputation,
    outliers: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: {
        winsorize: { type: 'array', items: quantile, minItems: 2, maxItems: 2 },
        flag: { type: 'object', additionalProperties: false, required: ['k'], properties: { k: { type: 'number', exclusiveMinimum: 0 } } },
      },
    },
    encode: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string' } },
      discriminator: { propertyName: 'kind' },
      oneOf: [
        { additionalProperties: false, required: ['kind'], properties: { kind: { const: 'one_hot' }, top: { type: 'integer', minimum: 1, maximum: 200 } } },
        {
          additionalProperties: false,
          required: ['kind'],
          properties: { kind: { const: 'ordinal' }, order: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } } },
        },
        { additionalProperties: false, required: ['kind'], properties: { kind: { const: 'none' } } },
      ],
    },
    scale: { enum: ['standard', 'minmax', 'robust', 'none'] },
    trueValues: { type: 'array', minItems: 1, items: { type: ['string', 'number'] } },
  },
} as const;

export const datasetsFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['datasets'],
  properties: {
    $schema: { type: 'string' },
    datasets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'source', 'key', 'columns'],
        properties: {
          name,
          source: { type: 'string', minLength: 1 },
          description: text,
          key: { ...names, minItems: 1 },
          eventTime: name,
          entity: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 1,
            properties: {
              column: name,
              through: { type: 'object', additionalProperties: false, required: ['dataset', 'on'], properties: { dataset: name, on: name } },
            },
          },
          dedupe: { type: 'object', additionalProperties: false, required: ['by'], properties: { by: name } },
          columns: { type: 'object', propertyNames: name, additionalProperties: columnPreparation },
          drop: names,
        },
      },
    },
  },
} as const;

const featureBase = {
  name,
  description: text,
  dtype: { enum: ['float', 'int'] },
  owner: { type: 'string', minLength: 1 },
  tags,
  internal: { type: 'boolean' },
  default: { type: 'number' },
  round: { type: 'integer', minimum: 0, maximum: 12 },
} as const;
const baseRequired = ['kind', 'name', 'description', 'dtype'] as const;

export const featuresFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['views'],
  properties: {
    $schema: { type: 'string' },
    views: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description', 'features'],
        properties: {
          name,
          description: text,
          owner: { type: 'string', minLength: 1 },
          tags,
          ttlDays: days,
          features: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['kind'],
              properties: { kind: { type: 'string' } },
              discriminator: { propertyName: 'kind' },
              oneOf: [
                { additionalProperties: false, required: [...baseRequired, 'expr'], properties: { kind: { const: 'attribute' }, ...featureBase, expr } },
                {
                  additionalProperties: false,
                  required: [...baseRequired, 'dataset', 'agg'],
                  properties: {
                    kind: { const: 'window' },
                    ...featureBase,
                    dataset: name,
                    agg: { enum: ['count', 'sum', 'mean', 'min', 'max', 'latest', 'distinct_count', 'days_since_last', 'trend'] },
                    expr,
                    filter: expr,
                    window: {
                      type: 'object',
                      additionalProperties: false,
                      properties: { days, offsetDays: { type: 'integer', minimum: 0, maximum: 36500 }, column: name },
                    },
                    windows: { type: 'array', minItems: 1, uniqueItems: true, items: days },
                  },
                },
                {
                  additionalProperties: false,
                  required: [...baseRequired, 'column'],
                  properties: { kind: { const: 'tenure' }, ...featureBase, column: name, unit: { enum: ['days', 'months', 'years'] } },
                },
                { additionalProperties: false, required: [...baseRequired, 'expr'], properties: { kind: { const: 'derived' }, ...featureBase, expr } },
              ],
            },
          },
        },
      },
    },
  },
} as const;
