import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, lastJsonLine, repoRoot, start } from './processes';

describe('npm run pipeline (embedded) with a batch that fails an error-level check', () => {
  it('stops at validation with the reason in the summary, runs nothing downstream and stores the failing report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-halt-'));
    // The sample suites, except that billing_invoices must have an impossible number of rows (an error-level table check).
    const suites = JSON.parse(readFileSync(join(repoRoot, 'projects', 'sample-company', 'expectations.json'), 'utf8')) as {
      suites: Array<{ source: string; checks: Array<Record<string, unknown>> }>;
    };
    const billing = suites.suites.find((s) => s.source === 'billing_invoices')!;
    billing.checks = billing.checks.map((c) => (c['name'] === 'rows_present' ? { ...c, min: 1_000_000_000, severity: 'error' } : c));
    const suitesFile = join(dir, 'expectations.json');
    writeFileSync(suitesFile, JSON.stringify(suites));

    const run = start(process.execPath, ['--import', 'tsx', 'tools/pipeline/run-pipeline.ts'], cleanEnv({
      LAKE_DIR: join(dir, 'lake'),
      DATABASE_URL: `pglite:${join(dir, 'db')}`,
      SAMPLE_DIR: join(dir, 'sample'),
      SAMPLE_CUSTOMERS: '1000',
      SAMPLE_SEED: '7',
      VALIDATION_SUITES_FILE: suitesFile,
    }));
    const code = await run.exited;
    expect(code, run.stderr().slice(-3000)).toBe(1);

    const summary = lastJsonLine(run.stdout()) as {
      runId: string;
      status: string;
      stages: Array<{ name: string; status: string; error?: { code: string; message: string } }>;
    };
    expect(summary.status).toBe('failed');
    const byName = new Map(summary.stages.map((s) => [s.name, s]));
    expect(byName.get('ingestion')!.status).toBe('succeeded');
    expect(byName.get('validator')).toMatchObject({
      status: 'failed',
      error: { code: 'CHURN_VALIDATION_FAILED', message: expect.stringMatching(/^billing_invoices: rows_present: observed \d+, expected .*1000000000/) },
    });
    for (const stage of ['preparer', 'transformer', 'feature-store', 'trainer', 'predictor']) expect(byName.get(stage)?.status, stage).toBe('pending');

    const reportDir = join(dir, 'lake', 'reports', 'quality');
    const billingReport = JSON.parse(readFileSync(join(reportDir, 'source=billing_invoices', `run=${summary.runId}`, 'report.json'), 'utf8')) as {
      status: string;
      checks: Array<{ name: string; status: string }>;
    };
    expect(billingReport.status).toBe('fail');
    expect(billingReport.checks.find((c) => c.name === 'rows_present')).toMatchObject({ status: 'fail' });
    const crmReport = JSON.parse(readFileSync(join(reportDir, 'source=crm_customers', `run=${summary.runId}`, 'report.json'), 'utf8')) as { status: string };
    expect(crmReport.status).not.toBe('fail');
    // The failed batch is held in quarantine, never among the validated data.
    expect(existsSync(join(dir, 'lake', 'validated', 'source=billing_invoices', `run=${summary.runId}`))).toBe(false);
    expect(existsSync(join(dir, 'lake', 'quarantine', 'source=billing_invoices', `run=${summary.runId}`, 'held-batch.ndjson'))).toBe(true);
    expect(existsSync(join(dir, 'lake', 'validated', 'source=crm_customers', `run=${summary.runId}`, 'valid.ndjson'))).toBe(true);
  }, 400_000);
});
