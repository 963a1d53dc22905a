import { transformationErrors } from './errors';

/** The transformer's environment variables (JSON Schema properties): how much DuckDB may use per feature computation. */
export const transformationEnv = {
  properties: {
    FEATURES_MEMORY_LIMIT: {
      type: 'string',
      pattern: '^[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$',
      default: '1GB',
      description: 'DuckDB memory limit of one feature computation, e.g. 512MB; past it DuckDB spills to a temporary directory.',
    },
    FEATURES_THREADS: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 1,
      description: 'DuckDB threads of one feature computation. The output does not depend on it.',
    },
  },
} as const;

/** What the transformer takes from its config. */
export interface TransformationOptions {
  memoryLimit: string;
  threads: number;
}

/** The typed options of a loaded config (defaults filled in by the env schema); throws CHURN_TRANSFORMATION_INVALID_OPTIONS otherwise. */
export function transformationOptionsOf(config: Record<string, unknown>): TransformationOptions {
  const { FEATURES_MEMORY_LIMIT: memoryLimit = transformationEnv.properties.FEATURES_MEMORY_LIMIT.default, FEATURES_THREADS: threads = transformationEnv.properties.FEATURES_THREADS.default } = config;
  if (typeof memoryLimit !== 'string' || !new RegExp(transformationEnv.properties.FEATURES_MEMORY_LIMIT.pattern).test(memoryLimit)) {
    throw transformationErrors.invalidOptions(`FEATURES_MEMORY_LIMIT must be a size such as 512MB, got ${String(memoryLimit)}`, { memoryLimit });
  }
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1) {
    throw transformationErrors.invalidOptions(`FEATURES_THREADS must be a positive integer, got ${String(threads)}`, { threads });
  }
  return { memoryLimit, threads };
}
