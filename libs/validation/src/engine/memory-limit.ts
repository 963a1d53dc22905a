const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Why a memory limit is unusable (DuckDB's size syntax, at least 128 MB), or undefined. */
export function memoryLimitProblem(limit: string): string | undefined {
  const m = MEMORY_LIMIT.exec(limit.trim());
  if (!m) return `${JSON.stringify(limit)} is not a size such as "512MB" or "2GiB"`;
  const unit = m[2]!.toUpperCase();
  const scale = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 }[unit]!;
  if (Number.parseFloat(limit) * scale < 128e6) return `${JSON.stringify(limit)} is below 128MB: too little for DuckDB to run a suite`;
  return undefined;
}
