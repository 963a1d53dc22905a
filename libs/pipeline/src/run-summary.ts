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
}

/** Reads the run's stage records and the model it registered into a summary. */
export async function summarizeRun(db: Database, runId: string, stages: string[]): Promise<RunSummary> {
  const [run, stageRuns, model] = await Promise.all([
    db.prisma.pipelineRun.findUnique({ where: { id: runId } }),
    db.prisma.stageRun.findMany({ where: { runId } }),
    db.prisma.model.findFirst({ where: { runId }, orderBy: { version: 'desc' } }),
  ]);
  const byStage = new Map(stageRuns.map((s) => [s.stage, s]));
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
    ...(model ? { model: { name: model.name, version: model.version, metrics: model.metrics as Record<string, number> } } : {}),
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
