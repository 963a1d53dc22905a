import type { Database } from '@churn/database';

/** One stage's line in a run summary. */
export interface StageSummary {
  name: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  rowsIn: number;
  rowsOut: number;
  durationMs: number;
  error?: { code: string; message: string };
}

/** What `npm run pipeline` prints as its last line. */
export interface RunSummary {
  runId: string;
  status: 'running' | 'succeeded' | 'failed';
  stages: StageSummary[];
  model?: { name: string; version: number; metrics: Record<string, number> };
  /** The project the run used: its name and content-hash version. */
  project?: { name: string; version: string };
  /** The feature set the run trained on, and its version of the view. */
  featureSet?: { id: string; view: string; version: number };
}

/** Reads the run's stage records and the model it registered into a summary. */
export async function summarizeRun(db: Database, runId: string, stages: string[]): Promise<RunSummary> {
  const [run, stageRuns] = await Promise.all([db.prisma.pipelineRun.findUnique({ where: { id: runId } }), db.prisma.stageRun.findMany({ where: { runId } })]);
  const byStage = new Map(stageRuns.map((s) => [s.stage, s]));
  // What the run's stages announced: an identical run reuses a feature set and a model made by an earlier run.
  const announced = (stage: string) => byStage.get(stage)?.output as { payload?: Record<string, unknown>; project?: RunSummary['project'] } | undefined;
  const registered = announced('trainer')?.payload as { name: string; version: number; metrics: Record<string, number> } | undefined;
  const materialized = announced('feature-store')?.payload as { featureSetId: string; featureView: string; featureSetVersion: number } | undefined;
  const project = announced('trainer')?.project ?? announced('ingestion')?.project;
  const summaries: StageSummary[] = stages.map((name) => {
    const row = byStage.get(name);
    if (!row) return { name, status: 'pending', rowsIn: 0, rowsOut: 0, durationMs: 0 };
    return {
      name,
      status: row.status as StageSummary['status'],
      rowsIn: row.rowsIn,
      rowsOut: row.rowsOut,
      durationMs: row.durationMs ?? 0,
      ...(row.error ? { error: row.error as { code: string; message: string } } : {}),
    };
  });
  const failed = run?.status === 'failed' || summaries.some((s) => s.status === 'failed');
  const succeeded = summaries.every((s) => s.status === 'succeeded');
  return {
    runId,
    status: failed ? 'failed' : succeeded ? 'succeeded' : 'running',
    stages: summaries,
    ...(project ? { project } : {}),
    ...(materialized ? { featureSet: { id: materialized.featureSetId, view: materialized.featureView, version: materialized.featureSetVersion } } : {}),
    ...(registered ? { model: { name: registered.name, version: registered.version, metrics: registered.metrics } } : {}),
  };
}

/** Polls the run until it succeeds, fails or the deadline passes (then it is reported as failed). */
export async function waitForRun(
  db: Database,
  runId: string,
  stages: string[],
  options: { timeoutMs: number; pollMs?: number; onProgress?: (summary: RunSummary) => void },
): Promise<RunSummary> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const summary = await summarizeRun(db, runId, stages);
    options.onProgress?.(summary);
    if (summary.status !== 'running') return summary;
    if (Date.now() > deadline) return { ...summary, status: 'failed' };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
