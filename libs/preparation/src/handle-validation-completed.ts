import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedEvent } from '@churn/contracts';
import { openSession } from '@churn/duckdb';
import type { ArtifactWriter } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { Project } from '@churn/project';
import type { StageResult } from '@churn/service';
import type { ObjectStore } from '@churn/storage';
import { prepareRun } from './engine/prepare-run';
import type { PreparationMetrics } from './preparation-metrics';

export interface PreparationDeps {
  storage: ObjectStore;
  artifacts: ArtifactWriter;
  project: Pick<Project, 'manifest' | 'datasets'>;
  metrics: PreparationMetrics;
  memoryLimit: string;
  threads: number;
  producer: string;
}

/**
 * Prepares the datasets of a validated run as the project declares them (datasets.json), in a DuckDB session of its
 * own with bounded memory that spills to a temporary directory, removed afterwards.
 */
export async function handleValidationCompleted(
  deps: PreparationDeps,
  event: TypedEvent<'validation.completed'>,
  log: Logger,
): Promise<StageResult<'preparation.completed'>> {
  const dir = await mkdtemp(join(tmpdir(), 'churn-prepare-'));
  try {
    const spill = join(dir, 'spill');
    await mkdir(spill);
    const session = await openSession({ threads: deps.threads, memoryLimit: deps.memoryLimit, spillDirectory: spill, setup: ["SET TimeZone = 'UTC'"] });
    try {
      const result = await prepareRun(
        { storage: deps.storage, artifacts: deps.artifacts, producer: deps.producer, session, dir, memoryLimit: deps.memoryLimit, log },
        { runId: event.runId, asOf: event.payload.asOf, sources: event.payload.sources, project: deps.project },
      );
      for (const [dataset, columns] of Object.entries(result.imputed)) {
        for (const [column, n] of Object.entries(columns)) if (n > 0) deps.metrics.imputed.inc({ dataset, column }, n);
      }
      log.info(
        { datasets: Object.fromEntries(result.payload.datasets.map((d) => [d.name, d.rows])), rowsIn: result.rowsIn, rowsOut: result.rowsOut },
        'datasets prepared',
      );
      return { rowsIn: result.rowsIn, rowsOut: result.rowsOut, payload: result.payload };
    } finally {
      session.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
