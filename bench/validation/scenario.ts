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
