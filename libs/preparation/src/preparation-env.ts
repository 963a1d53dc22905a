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

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Why a memory limit is unusable (DuckDB's size syntax, at least 128 MB), or undefined. */
export function memoryLimitProblem(limit: string): string | undefined {
  const m = MEMORY_LIMIT.exec(limit.trim());
  if (!m) return `${JSON.stringify(limit)} is not a size such as "512MB" or "2GiB"`;
  const unit = m[2]!.toUpperCase();
  const scale = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 }[unit]!;
  if (Number.parseFloat(limit) * scale < 128e6) return `${JSON.stringify(limit)} is below 128MB: too little for DuckDB to prepare a run`;
  return undefined;
}

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
