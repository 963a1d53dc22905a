/** Where the lake of a measured run lives. */
export type LakeSpec =
  | { type: 'fs'; rootDir: string }
  | { type: 's3'; endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };

/** A prepared source, handed from the orchestrator to the child process that measures it. */
export type SourceSpec =
  | { kind: 'csv'; path: string }
  | { kind: 'rest'; url: string; token: string; pageSize: number }
  | { kind: 'db'; sourceUrl: string; query: string; batchSize?: number; partBytes?: number };

/** Everything one measuring child needs. */
export interface ScenarioSpec {
  name: 'csv' | 'rest' | 'db';
  /** Repeat number: part of the source name, so a repeat starts without the previous run's watermark. */
  run: number;
  source: SourceSpec;
  /** Platform database holding ingestion_runs, artifacts, leases (already migrated). */
  runsDbUrl: string;
  lake: LakeSpec;
}

/** What a child reports for one measured run (bytes of memory, seconds of time). */
export interface ScenarioResult {
  name: ScenarioSpec['name'];
  records: number;
  bytes: number;
  parts: number;
  seconds: number;
  baselineRss: number;
  peakRss: number;
  peakHeapUsed: number;
  peakExternal: number;
  /** The kernel's high-water mark for the whole child (process start included). */
  maxRssKernel: number;
  samples: number;
  /** CPU seconds (user + system) of the measuring process during the window. */
  cpuSeconds: number;
  /** CPU seconds of the source's Postgres backends during the window (db scenario, local Postgres; else 0). */
  serverCpuSeconds: number;
  /** The machine's 1-minute load average when the window opened and when it closed. */
  loadBefore: number;
  loadAfter: number;
}

/** Marks the child's result line on stdout. */
export const RESULT_MARKER = 'BENCH_RESULT ';
