import { memoryLimitProblem as problemOf } from '@churn/duckdb';

/** The preparer's env: how much memory and how many threads its DuckDB session may use. */
export const preparationEnv = {
  properties: {
    PREPARATION_MEMORY_LIMIT: {
      type: 'string',
      minLength: 1,
      default: '1GB',
      description:
        'DuckDB memory limit of one run\'s preparation, e.g. 512MB; past it the work spills to a temporary directory. At least 128MB (the syntax and the minimum are checked at startup).',
    },
    PREPARATION_THREADS: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 1,
      description: 'DuckDB threads of one run\'s preparation: more shortens a large run on a machine with idle cores.',
    },
  },
} as const;

/** Why a memory limit is unusable for a run's preparation (DuckDB's size syntax, at least 128 MB), or undefined. */
export const memoryLimitProblem = (limit: string): string | undefined => problemOf(limit, "a run's preparation");

/** The memory limit of a run's preparation, as the config gives it (default 1GB). */
export function memoryLimitOf(config: object): string {
  const configured = (config as { PREPARATION_MEMORY_LIMIT?: unknown }).PREPARATION_MEMORY_LIMIT;
  return typeof configured === 'string' && configured !== '' ? configured : preparationEnv.properties.PREPARATION_MEMORY_LIMIT.default;
}

/** DuckDB threads of a run's preparation, as the config gives them (default 1). */
export function threadsOf(config: object): number {
  const configured = (config as { PREPARATION_THREADS?: unknown }).PREPARATION_THREADS;
  return typeof configured === 'number' ? configured : preparationEnv.properties.PREPARATION_THREADS.default;
}
