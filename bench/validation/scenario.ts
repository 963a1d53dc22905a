/** What the parent hands the measuring child, and what the child prints back. */
export interface BenchSpec {
  csvPath: string;
  rows: number;
  bytes: number;
  threads: number;
  validFormats: Array<'ndjson' | 'parquet'>;
  outDir: string;
  /** JSON file with the PSI reference profile. */
  referencePath: string;
  customers: number;
  /** `full`: 54 row rules + 22 checks; `spec`: the 30 (one row expectation per column + 10 checks). */
  suite: 'full' | 'spec';
  /** DuckDB's memory limit (spilling past it), e.g. '512MB'. */
  memoryLimit?: string;
}

export interface BenchResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time of the measuring process in the window (user + system, all threads): the per-core figure on a shared machine. */
  cpuSeconds: number;
  rowsValid: number;
  rowsQuarantined: number;
  baselineRss: number;
  peakRss: number;
  maxRssKernel: number;
  phases: Record<string, number>;
  rowRules: number;
  checks: number;
  checkStatus: Record<string, number>;
  profiledColumns: number;
  reportBytes: number;
  failing: string[];
}

export const RESULT_MARKER = 'BENCH_VALIDATION_RESULT ';
