const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;
const SCALE: Record<string, number> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 };

/**
 * Why a memory limit is unusable for a DuckDB session (DuckDB's size syntax, at least 128 MB), or undefined.
 * `work` names what would run out of memory, for the message ("a suite", "a run's preparation").
 *
 * @example memoryLimitProblem('10MB', 'a suite') // '"10MB" is below 128MB: too little for DuckDB to run a suite'
 */
export function memoryLimitProblem(limit: string, work = 'work'): string | undefined {
  const m = MEMORY_LIMIT.exec(limit.trim());
  if (!m) return `${JSON.stringify(limit)} is not a size such as "512MB" or "2GiB"`;
  if (Number.parseFloat(limit) * SCALE[m[2]!.toUpperCase()]! < 128e6) return `${JSON.stringify(limit)} is below 128MB: too little for DuckDB to run ${work}`;
  return undefined;
}
