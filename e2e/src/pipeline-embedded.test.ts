import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, lastJsonLine, start } from './processes';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const SOURCES = [
  { name: 'crm_customers', kind: 'csv' },
  { name: 'billing_invoices', kind: 'rest' },
  { name: 'support_tickets', kind: 'rest' },
  { name: 'cancellations', kind: 'rest' },
  { name: 'product_usage', kind: 'postgres' },
] as const;

describe('npm run pipeline (embedded mode, the sample company)', () => {
  it('ingests the CSV, REST and database sources and runs every stage to a registered model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-embedded-'));
    const run = start(process.execPath, ['--import', 'tsx', 'tools/pipeline/run-pipeline.ts'], cleanEnv({
      LAKE_DIR: join(dir, 'lake'),
      DATABASE_URL: `pglite:${join(dir, 'db')}`,
      SAMPLE_DIR: join(dir, 'sample'),
      SAMPLE_CUSTOMERS: '3000',
      SAMPLE_SEED: '7',
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
    expect(summary.model).toMatchObject({ name: 'customer-churn', version: 1 });
    expect(Object.keys(summary.model.metrics).sort()).toEqual(['accuracy', 'f1', 'precision', 'recall', 'roc_auc']);
    expect(summary.model.metrics.roc_auc).toBeGreaterThan(0.7);

    // Each source landed under its own partition, manifest last, with the kind it came from.
    const day = new Date().toISOString().slice(0, 10);
    const manifests = SOURCES.map(({ name, kind }) => {
      const runDir = join(dir, 'lake', 'raw', `source=${name}`, `type=${kind}`, `ingest_date=${day}`, `run=${summary.runId}.${name}`);
      expect(existsSync(join(runDir, '_manifest.json')), runDir).toBe(true);
      const manifest = JSON.parse(readFileSync(join(runDir, '_manifest.json'), 'utf8')) as {
        source: string;
        kind: string;
        records: number;
        parts: Array<{ key: string; sha256: string; records: number }>;
      };
      expect(manifest).toMatchObject({ source: name, kind, pipelineRunId: summary.runId, trigger: 'pipeline' });
      expect(manifest.records).toBeGreaterThan(0);
      for (const part of manifest.parts) expect(sha256(readFileSync(join(dir, 'lake', part.key)))).toBe(part.sha256);
      return manifest;
    });
    // The CRM export is stored byte for byte.
    const crmPart = manifests[0]!.parts[0]!;
    expect(sha256(readFileSync(join(dir, 'sample', 'crm_customers.csv')))).toBe(crmPart.sha256);

    // Every source has a quality report, and the injected defects were caught somewhere.
    let quarantined = 0;
    for (const { name } of SOURCES) {
      const reportDir = join(dir, 'lake', 'reports', 'quality', `source=${name}`, `run=${summary.runId}`);
      expect(readdirSync(reportDir).sort()).toEqual(expect.arrayContaining(['report.csv', 'report.json']));
      const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as { rowsIn: number; rowsValid: number; rowsQuarantined: number };
      expect(report.rowsValid).toBeGreaterThan(0);
      quarantined += report.rowsQuarantined;
    }
    expect(quarantined).toBeGreaterThan(0);
  }, 400_000);
});
