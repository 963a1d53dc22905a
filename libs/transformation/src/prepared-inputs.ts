import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EventPayload } from '@churn/contracts';
import type { ObjectStore } from '@churn/storage';
import type { LocalDataset } from './compute-feature-set';
import { transformationErrors } from './errors';

/** One prepared dataset of a preparation.completed event. */
export type PreparedDataset = EventPayload<'preparation.completed'>['datasets'][number];

/** The datasets of an event that the computation reads, in `needed` order; throws CHURN_TRANSFORMATION_DATASET_MISSING naming every absent one. */
export function selectInputs(datasets: PreparedDataset[], needed: string[]): PreparedDataset[] {
  const byName = new Map(datasets.map((d) => [d.name, d]));
  const missing = needed.filter((name) => !byName.has(name));
  if (missing.length > 0) throw transformationErrors.datasetMissing(missing, datasets.map((d) => d.name));
  return needed.map((name) => byName.get(name)!);
}

/**
 * Copies prepared Parquet files from the lake to `dir` (DuckDB reads local files), checking each against the
 * sha256 its event announced: the feature set id is computed from those hashes, so they must be the bytes read.
 */
export async function downloadDatasets(storage: ObjectStore, datasets: PreparedDataset[], dir: string): Promise<LocalDataset[]> {
  const out: LocalDataset[] = [];
  for (const d of datasets) {
    const path = join(dir, `${d.name}.parquet`);
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(await storage.get(d.dataset.key), hashing, createWriteStream(path));
    const sha256 = hash.digest('hex');
    if (sha256 !== d.dataset.sha256) throw transformationErrors.datasetChanged(d.name, d.dataset.key, d.dataset.sha256, sha256);
    out.push({ name: d.name, path, sha256 });
  }
  return out;
}
