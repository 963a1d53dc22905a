/** What the parent hands the measuring child, and what the child prints back. */
export interface BenchSpec {
  /** The generated data folder (generate-data.ts). */
  dataDir: string;
  entities: number;
  events: number;
  threads: number;
  /** DuckDB memory limit of each phase's session, e.g. '1GB'. */
  memoryLimit: string;
  /** Scratch folder of this run: the project, the lake (filesystem object store), temp and spill directories. */
  workDir: string;
  /** Print every slow preparation statement to stderr as soon as the phase ends. */
  trace?: boolean;
}

/** Wall and CPU time of one phase. */
export interface PhaseFigures {
  seconds: number;
  /** User + system CPU of the process in the phase (all threads). */
  cpuSeconds: number;
  /** Peak RSS sampled during the phase. */
  peakRss: number;
}

/** A statement of the preparation session and its wall time. */
export interface TimedStatement {
  ms: number;
  sql: string;
  /** Resident memory when it ended. */
  rss?: number;
}

export interface BenchResult {
  entities: number;
  events: number;
  /** Rows read by preparation (every source), and rows it wrote (every dataset). */
  rowsIn: number;
  rowsPrepared: number;
  /** Feature rows (entity x observation time) and labelled rows. */
  featureRows: number;
  labelRows: number;
  features: number;
  snapshots: Array<{ timestamp: string; rows: number; positives: number | null }>;
  threads: number;
  memoryLimit: string;
  seconds: number;
  cpuSeconds: number;
  phases: { preparation: PhaseFigures; features: PhaseFigures };
  /** Preparation wall time by step (ms): SQL statements grouped by what they make, and the rest (JavaScript, storage). */
  preparationSteps: Record<string, number>;
  /** The slowest statements of the preparation session. */
  slowest: TimedStatement[];
  baselineRss: number;
  /** process.memoryUsage().rss sampled every 50 ms in the window. */
  peakRss: number;
  /** The kernel's high-water mark of the child's resident memory (/proc/self/status VmHWM), setup included. */
  vmHwm: number;
  maxRssKernel: number;
  bytes: { recipe: number; prepared: number; features: number; labels: number };
}

export const RESULT_MARKER = 'BENCH_FEATURES_RESULT ';
