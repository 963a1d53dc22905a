import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from '@churn/storage';
import { customerFeatures } from './customer-features';
import { FEATURE_DATASETS, readDatasetRecords, selectDatasets, type DatasetName } from './prepared-datasets';

const storage = createFsObjectStore({ rootDir: mkdtempSync(join(tmpdir(), 'churn-prepared-')) });
afterAll(() => storage.close());

const collect = async (key: string, dataset: DatasetName) => {
  const out = [];
  for await (const record of readDatasetRecords(storage, key, dataset)) out.push(record);
  return out;
};

describe('prepared datasets', () => {
  it('reads declared numeric columns as numbers and keeps ids and dates as text', async () => {
    await storage.put('u.csv', 'customer_id,day,minutes,sessions\n00042,2026-10-01,12.5,3\n00043,2026-10-02,n/a,\n');
    expect(await collect('u.csv', 'product_usage')).toEqual([
      { customer_id: '00042', day: '2026-10-01', minutes: 12.5, sessions: '3' },
      { customer_id: '00043', day: '2026-10-02', minutes: null, sessions: null },
    ]);
  });

  it('names the columns a dataset lacks', async () => {
    await storage.put('b.csv', 'customer_id,amount\nC1,10\n');
    await expect(collect('b.csv', 'billing_invoices')).rejects.toMatchObject({
      code: 'CHURN_TRANSFORMATION_DATASET_COLUMNS',
      context: { dataset: 'billing_invoices', missing: ['issued_date', 'due_date', 'paid_date'] },
    });
  });

  it('names every dataset a preparation run lacks', () => {
    const ref = { key: 'k', sha256: 'a'.repeat(64), bytes: 1 };
    const only = [{ name: 'customers', sources: ['crm_customers'], dataset: ref, artifactId: 'a', rows: 1 }];
    expect(() => selectDatasets(only)).toThrowError(
      expect.objectContaining({ code: 'CHURN_TRANSFORMATION_DATASET_MISSING', retriable: false, context: expect.objectContaining({ missing: ['cancellations', 'billing_invoices', 'support_tickets', 'product_usage'] }) }),
    );
  });

  it('reads every column a feature names as its source', () => {
    for (const feature of customerFeatures) {
      for (const source of feature.sources) {
        const [dataset, column] = source.split('.') as [DatasetName, string];
        expect(FEATURE_DATASETS[dataset]?.required, `${feature.name}: ${source}`).toContain(column);
      }
    }
  });
});
