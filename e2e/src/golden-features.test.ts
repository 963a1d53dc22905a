import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, servedFeatures, type Project } from '@churn/project';
import { computeFeatureSet, type ComputedFeatureSet } from '@churn/transformation';
import { readParquetFile, writePreparedDatasets } from '@churn/transformation/testing';
import { GOLDEN_RUN, sampleCompanyDatasets } from './fixtures/sample-prepared-datasets';

// The sample company's declared features (projects/sample-company/features.json), computed by the generic engine
// over Parquet laid out as the preparer writes it, must equal what the hand-written transformer computed
// (fixtures/golden, recorded by tools/project/record-golden-features.ts): every row, value and label.

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/golden/${name}`, import.meta.url)), 'utf8').trim().split('\n').map((l) => l.split(','));
const TOLERANCE = 1e-9;

describe('golden features: projects/sample-company reproduces the hand-written features', { timeout: 120_000 }, () => {
  const [header, ...goldenRows] = fixture('sample-company-features.csv');
  const [, ...goldenLabels] = fixture('sample-company-labels.csv');
  let project: Project;
  let dir: string;
  let computed: ComputedFeatureSet;
  let rows: Map<string, Record<string, unknown>>;
  let labels: Map<string, number>;

  beforeAll(async () => {
    project = loadProject(fileURLToPath(new URL('../../projects/sample-company', import.meta.url)));
    dir = mkdtempSync(join(tmpdir(), 'churn-golden-'));
    const { customers, seed, asOf } = GOLDEN_RUN;
    const datasets = await writePreparedDatasets(project, sampleCompanyDatasets({ customers, seed, asOf }), dir, 'golden');
    computed = await computeFeatureSet({ project, datasets, asOf, outputDir: dir });
    const key = (r: Record<string, unknown>) => `${String(r.entity_key)}@${String(r.event_timestamp)}`;
    rows = new Map((await readParquetFile(computed.features.path)).map((r) => [key(r), r]));
    labels = new Map((await readParquetFile(computed.labels.path)).map((r) => [key(r), Number(r.label)]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('declares the 22 features of the fixture, in its order, at its observation times', () => {
    expect(servedFeatures(project.views[0]!).map((f) => f.name)).toEqual(header!.slice(2));
    expect(computed.features.columns).toEqual(header!.slice(2));
    expect(computed.snapshots.map((s) => s.timestamp)).toEqual([...new Set(goldenRows.map((r) => r[1]))]);
  });

  it('has the same rows: the population at every observation time', () => {
    expect(rows.size).toBe(goldenRows.length);
    expect(goldenRows.filter((r) => !rows.has(`${r[0]}@${r[1]}`)).slice(0, 10)).toEqual([]);
  });

  it('computes every value of every row (exact for int features, within 1e-9 for float ones)', () => {
    const dtypes = new Map(servedFeatures(project.views[0]!).map((f) => [f.name, f.dtype]));
    const mismatches: string[] = [];
    let compared = 0;
    for (const golden of goldenRows) {
      const row = rows.get(`${golden[0]}@${golden[1]}`);
      if (!row) continue;
      header!.slice(2).forEach((feature, i) => {
        const expected = Number(golden[i + 2]);
        const actual = row[feature] as number | null;
        compared += 1;
        const equal = actual !== null && (dtypes.get(feature) === 'int' ? actual === expected : Math.abs(actual - expected) <= TOLERANCE);
        if (!equal) mismatches.push(`${golden[0]}@${golden[1]} ${feature}: expected ${expected}, got ${String(actual)}`);
      });
    }
    expect(compared).toBe(goldenRows.length * 22);
    expect(mismatches.slice(0, 20), `${mismatches.length} mismatches`).toEqual([]);
  });

  it('labels every training row as the hand-written transformer did', () => {
    expect(labels.size).toBe(goldenLabels.length);
    const wrong = goldenLabels.filter(([id, ts, churned]) => labels.get(`${id}@${ts}`) !== Number(churned));
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(goldenLabels.filter((l) => l[2] === '1').length).toBeGreaterThan(20);
  });
});
