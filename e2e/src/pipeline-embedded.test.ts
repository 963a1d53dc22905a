import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCustomersCsv } from '@churn/sample-data';
import { cleanEnv, lastJsonLine, start } from './processes';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('npm run pipeline (embedded mode)', () => {
  it('runs every stage on the sample export and prints the run summary last', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-embedded-'));
    const csv = generateCustomersCsv({ rows: 3000, seed: 7 });
    writeFileSync(join(dir, 'customers.csv'), csv);
    const run = start(process.execPath, ['--import', 'tsx', 'tools/pipeline/run-pipeline.ts'], cleanEnv({
      LAKE_DIR: join(dir, 'lake'),
      DATABASE_URL: `pglite:${join(dir, 'db')}`,
      SOURCE_CRM_CSV: join(dir, 'customers.csv'),
    }));
    const code = await run.exited;
    expect(code, run.stderr().slice(-3000)).toBe(0);

    const summary = lastJsonLine(run.stdout()) as {
      runId: string;
      status: string;
      stages: Array<{ name: string; status: string; rowsIn: number; rowsOut: number; durationMs: number }>;
      model: { name: string; version: number; metrics: Record<string, number> };
    };
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.map((s) => s.name)).toEqual(['ingestion', 'validator', 'preparer', 'transformer', 'feature-store', 'trainer', 'predictor']);
    expect(summary.stages.every((s) => s.status === 'succeeded' && s.durationMs >= 0)).toBe(true);
    expect(summary.stages[0]).toMatchObject({ rowsIn: 3000, rowsOut: 3000 });
    expect(summary.model).toMatchObject({ name: 'customer-churn', version: 1 });
    expect(Object.keys(summary.model.metrics).sort()).toEqual(['accuracy', 'f1', 'precision', 'recall', 'roc_auc']);
    expect(summary.model.metrics.roc_auc).toBeGreaterThan(0.75);

    // The raw zone holds the export byte for byte, partitioned by source, date and run.
    const day = new Date().toISOString().slice(0, 10);
    const runDir = join(dir, 'lake', 'raw', 'source=crm_customers', 'type=csv', `ingest_date=${day}`, `run=${summary.runId}.crm_customers`);
    expect(readdirSync(runDir).sort()).toEqual(['_manifest.json', 'customers.csv']);
    expect(sha256(readFileSync(join(runDir, 'customers.csv')))).toBe(sha256(csv));
    const manifest = JSON.parse(readFileSync(join(runDir, '_manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ source: 'crm_customers', records: 3000, pipelineRunId: summary.runId, trigger: 'pipeline' });
    expect(manifest.parts[0]).toMatchObject({ sha256: sha256(csv), bytes: Buffer.byteLength(csv), records: 3000, reused: false });
  }, 240_000);
});
