import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, lastJsonLine, postJson, start, waitFor, type Started } from './processes';

interface Summary {
  runId: string;
  status: string;
  stages: Array<{ name: string; status: string; rowsIn: number; rowsOut: number }>;
  project?: { name: string; version: string };
  featureSet?: { id: string; view: string; version: number };
  model?: { name: string; version: number; metrics: Record<string, number> };
}

// The public IBM Telco export, declared in projects/telco with its real headers (customerID, SeniorCitizen,
// TotalCharges with blanks...) and no code: the platform has never seen this company before.
describe('npm run pipeline -- --project projects/telco (embedded mode, a project of its own)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-telco-'));
  const env = cleanEnv({ LAKE_DIR: join(dir, 'lake'), DATABASE_URL: `pglite:${join(dir, 'db')}`, PIPELINE_AS_OF: '2026-11-30' });
  const runPipeline = async (): Promise<Summary> => {
    const run = start(process.execPath, ['--import', 'tsx', 'tools/pipeline/run-pipeline.ts', '--project', 'projects/telco'], env);
    const code = await run.exited;
    expect(code, run.stderr().slice(-4000)).toBe(0);
    return lastJsonLine(run.stdout()) as unknown as Summary;
  };
  let first: Summary;
  let second: Summary;

  beforeAll(async () => {
    first = await runPipeline();
    second = await runPipeline();
  }, 600_000);

  it('runs every stage on the declared project and trains a model as good as the published ones', () => {
    expect(first.status).toBe('succeeded');
    expect(first.stages.map((s) => s.name)).toEqual(['ingestion', 'validator', 'preparer', 'transformer', 'feature-store', 'trainer', 'predictor']);
    expect(first.project).toMatchObject({ name: 'telco', version: expect.stringMatching(/^p_[0-9a-f]{16}$/) });
    expect(first.stages.find((s) => s.name === 'ingestion')!.rowsOut).toBe(7043);
    expect(first.model).toMatchObject({ name: 'telco-churn', version: 1 });
    // Published 5-fold ROC-AUC on this file: 0.845 (logistic regression), 0.848 (gradient boosting).
    expect(first.model!.metrics.roc_auc).toBeGreaterThanOrEqual(0.84);
  });

  it('gives the same feature-set and model versions when run again on identical inputs', () => {
    expect(second.status).toBe('succeeded');
    expect(second.runId).not.toBe(first.runId);
    expect(second.featureSet).toEqual(first.featureSet);
    expect(second.featureSet!.version).toBe(1);
    expect(second.model).toEqual(first.model);
  });

  describe('serving', () => {
    let platform: Started;
    let predictor: string;
    let featureStore: string;

    beforeAll(async () => {
      const ports = Object.fromEntries(
        ['INGESTION', 'VALIDATOR', 'PREPARER', 'TRANSFORMER', 'FEATURE_STORE', 'TRAINER', 'PREDICTOR'].map((s) => [`${s}_PORT`, '0']),
      );
      platform = start(process.execPath, ['--import', 'tsx', 'apps/platform/src/main.ts'], { ...env, ...ports, PROJECT_DIR: 'projects/telco', RUN_PIPELINE_ON_START: 'false' });
      let ready: { services: Array<{ name: string; url: string }> } | undefined;
      await waitFor(
        () => {
          if (platform.child.exitCode !== null) throw new Error(`platform exited early:\n${platform.stderr().slice(-3000)}`);
          const line = platform.stdout().split('\n').find((l) => l.includes('platform ready'));
          if (line) ready = JSON.parse(line) as typeof ready;
          return ready !== undefined;
        },
        120_000,
        () => platform.stdout().slice(-2000) + platform.stderr().slice(-2000),
      );
      const urlOf = (name: string) => ready!.services.find((s) => s.name === name)!.url;
      predictor = urlOf('predictor');
      featureStore = urlOf('feature-store');
    }, 150_000);
    afterAll(async () => platform?.stop());

    it("serves a prediction for a customer named by the project's entity key", async () => {
      await waitFor(async () => (await fetch(`${predictor}/models/current`)).status === 200, 60_000, () => platform.stderr().slice(-2000));
      const answer = await postJson(`${predictor}/predict`, { customer_id: '7590-VHVEG' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ customer_id: '7590-VHVEG', model: { name: 'telco-churn', version: 1 } });
      expect(answer.body.churnProbability).toBeGreaterThan(0);
      expect(answer.body.churnProbability).toBeLessThan(1);
      // A month-to-month fiber customer with electronic checks and one month of tenure is a textbook churner.
      expect((await postJson(`${predictor}/predict`, { customer_id: '7590-VHVEG' })).body.churnProbability).toBeGreaterThan(
        (await postJson(`${predictor}/predict`, { customer_id: '7795-CFOCW' })).body.churnProbability as number,
      );
    });

    it('refuses a request that does not name the entity key, and an unknown customer', async () => {
      expect((await postJson(`${predictor}/predict`, { customerId: '7590-VHVEG' })).status).toBe(400);
      expect((await postJson(`${predictor}/predict`, { customer_id: '0000-NOONE' })).body).toMatchObject({ code: 'CHURN_PREDICTION_UNKNOWN_ENTITY' });
    });

    it('serves the online features by name, Feast-style, keyed by customer_id', async () => {
      const answer = await postJson(`${featureStore}/get-online-features`, {
        features: ['customer_features:tenure_months', 'customer_features:contract__month_to_month'],
        entities: { customer_id: ['7590-VHVEG'] },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        metadata: { feature_names: ['customer_id', 'tenure_months', 'contract__month_to_month'] },
        results: [{ values: ['7590-VHVEG'] }, { values: [1], statuses: ['PRESENT'] }, { values: [1], statuses: ['PRESENT'] }],
      });
      const views = (await (await fetch(`${featureStore}/feature-views`)).json()) as Array<{ name: string; version: number }>;
      expect(views.map((v) => [v.name, v.version])).toEqual([['customer_features', 1]]);
    });
  });
});
