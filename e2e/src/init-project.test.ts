import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSaasExport } from './fixtures/saas-export';
import { cleanEnv, lastJsonLine, repoRoot, start } from './processes';

const AS_OF = '2026-11-30';

/** `npm run init -- <folder> --out <project>`, then the drafted project, unedited, through `npm run pipeline`. */
async function initAndRun(files: string, name: string) {
  const dir = mkdtempSync(join(tmpdir(), `churn-e2e-init-${name}-`));
  const project = join(dir, 'project');
  const init = start(process.execPath, ['--import', 'tsx', 'tools/project/init.ts', files, '--out', project, '--name', name], cleanEnv({}));
  expect(await init.exited, init.stderr().slice(-3000) + init.stdout().slice(-3000)).toBe(0);
  const run = start(
    process.execPath,
    ['--import', 'tsx', 'tools/pipeline/run-pipeline.ts', '--project', project],
    cleanEnv({ LAKE_DIR: join(dir, 'lake'), DATABASE_URL: `pglite:${join(dir, 'db')}`, PIPELINE_AS_OF: AS_OF }),
  );
  const code = await run.exited;
  expect(code, run.stderr().slice(-4000)).toBe(0);
  return {
    guesses: init.stdout(),
    summary: lastJsonLine(run.stdout()) as { status: string; project?: { name: string }; model?: { name: string; metrics: Record<string, number> } },
  };
}

describe('init: a runnable project drafted from a folder of CSV files', () => {
  it('drafts the Telco export alone into a project that runs end to end unedited', async () => {
    const files = mkdtempSync(join(tmpdir(), 'churn-e2e-telco-files-'));
    copyFileSync(join(repoRoot, 'projects/telco/data/telco_customer_churn.csv'), join(files, 'telco_customer_churn.csv'));
    const { guesses, summary } = await initAndRun(files, 'telco-draft');
    expect(guesses).toMatch(/label/i);
    expect(summary).toMatchObject({ status: 'succeeded', project: { name: 'telco-draft' }, model: { name: 'telco-draft-churn' } });
    expect(summary.model!.metrics.roc_auc).toBeGreaterThan(0.8);
  }, 400_000);

  it('drafts a five-table SaaS export (usage reaching accounts only through subscriptions) into a project that runs end to end', async () => {
    const files = join(mkdtempSync(join(tmpdir(), 'churn-e2e-saas-files-')), 'export');
    mkdirSync(files);
    writeSaasExport(files, { accounts: 600, asOf: AS_OF });
    const { guesses, summary } = await initAndRun(files, 'saas-draft');
    expect(guesses).toMatch(/churn_events/);
    expect(summary).toMatchObject({ status: 'succeeded', project: { name: 'saas-draft' } });
    expect(summary.model!.metrics.roc_auc).toBeGreaterThan(0.6);
  }, 400_000);
});
