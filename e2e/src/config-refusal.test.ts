import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, repoRoot, start } from './processes';

describe('a service started with bad configuration', () => {
  it('names each missing or malformed variable and why, and exits non-zero', async () => {
    const service = start(process.execPath, ['--import', 'tsx', 'apps/validator/src/main.ts'], cleanEnv({
      BUS: 'kafka',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://somewhere/db',
      S3_ENDPOINT: 'not a url',
    }));
    expect(await service.exited).toBe(1);
    const stderr = service.stderr();
    expect(stderr).toContain('validator: invalid configuration');
    expect(stderr).toContain('KAFKA_BROKERS: is required when BUS=kafka');
    expect(stderr).toMatch(/PORT: must be integer \(got "eighty"\)/);
    expect(stderr).toMatch(/DATABASE_URL: must match pattern/);
    expect(stderr).toMatch(/S3_ENDPOINT: must match format "uri"/);
    expect(service.stdout()).not.toContain('listening');
  }, 60_000);
});

describe('a service started on a bad project', () => {
  it('names every problem by file, JSON path and reason, and exits non-zero before touching anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-bad-project-'));
    cpSync(join(repoRoot, 'projects/sample-company'), dir, { recursive: true });
    const features = JSON.parse(readFileSync(join(dir, 'features.json'), 'utf8')) as { views: Array<{ features: Array<Record<string, unknown>> }> };
    const view = features.views[0]!.features;
    view[0]!.column = 'signup_day'; // an unknown column
    view.push(
      { kind: 'derived', name: 'a', dtype: 'float', expr: 'b + 1', description: 'cycle' },
      { kind: 'derived', name: 'b', dtype: 'float', expr: 'a * 2', description: 'cycle' },
      { kind: 'window', name: 'trend_31d', dtype: 'float', dataset: 'product_usage', agg: 'trend', expr: 'minutes', window: { days: 31 }, description: 'bad window' },
    );
    writeFileSync(join(dir, 'features.json'), JSON.stringify(features));
    const project = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { label: Record<string, unknown> };
    project.label.dataset = 'churn_events'; // a label source that does not exist
    writeFileSync(join(dir, 'project.json'), JSON.stringify(project));

    const service = start(process.execPath, ['--import', 'tsx', 'apps/validator/src/main.ts'], cleanEnv({ PROJECT_DIR: dir, DATABASE_URL: 'pglite:memory', PORT: '0' }));
    expect(await service.exited).toBe(1);
    const stderr = service.stderr();
    expect(stderr).toContain(`validator could not start: invalid project ${dir}:`);
    expect(stderr).toContain('features.json views[0].features[0].column: "signup_day" is not a column of dataset customers (source crm_customers)');
    expect(stderr).toMatch(/features\.json views\[0\]\.features\[\d+\]\.expr: derived features form a cycle: a -> b -> a/);
    expect(stderr).toMatch(/features\.json views\[0\]\.features\[\d+\]\.window\.days: trend needs an even number of days/);
    expect(stderr).toContain('project.json label.dataset: no dataset named churn_events in datasets.json');
    expect(service.stdout()).not.toContain('listening');
  }, 60_000);
});
