import { stringify } from 'csv-stringify/sync';
import type { ArtifactRef, ArtifactWriter } from '@churn/lineage';
import type { PreparedRow } from './preparation-types';
import { createDatasetDescriber, type DescribeColumn } from './summary-stats';

/** Rows per CSV chunk handed to the store: large enough to be cheap, small enough to stream. */
const CHUNK_ROWS = 1000;

export interface DatasetToWrite {
  name: string;
  runId: string;
  columns: readonly string[];
  /** Row count, known before writing (it goes into the artifact's metadata). */
  rowCount: number;
  rows: Iterable<PreparedRow> | AsyncIterable<PreparedRow>;
  summaryColumns: readonly DescribeColumn[];
  parentIds: string[];
  /** Extra summary fields, read once every row has been written (e.g. imputation counts). */
  summaryDetails?: () => Record<string, unknown>;
}

/** A dataset and its summary as stored. */
export interface WrittenDataset {
  dataset: ArtifactRef;
  summary: ArtifactRef;
  rows: number;
}

/** Where a dataset and its summary live in the lake. */
export const datasetKeys = (name: string, runId: string) => {
  const prefix = `prepared/dataset=${name}/run=${runId}/`;
  return { dataset: `${prefix}${name}.csv`, summary: `${prefix}summary.json` };
};

/**
 * Streams a prepared dataset to the lake as CSV with a header row (artifact kind 'dataset', metadata
 * { rows, columns }) and describes it on the way; then stores the description (kind 'dataset-summary').
 */
export async function writeDataset(
  artifacts: ArtifactWriter,
  producer: string,
  input: DatasetToWrite,
): Promise<WrittenDataset> {
  const keys = datasetKeys(input.name, input.runId);
  const describer = createDatasetDescriber(input.summaryColumns);
  let written = 0;
  const columns = [...input.columns];
  let rowError: unknown;
  async function* csv(): AsyncGenerator<Buffer> {
    yield Buffer.from(stringify([], { header: true, columns }));
    let batch: PreparedRow[] = [];
    try {
      for await (const row of input.rows) {
        describer.add(row);
        batch.push(row);
        written += 1;
        if (batch.length >= CHUNK_ROWS) {
          yield Buffer.from(stringify(batch, { columns }));
          batch = [];
        }
      }
    } catch (err) {
      rowError = err;
      throw err;
    }
    if (batch.length > 0) yield Buffer.from(stringify(batch, { columns }));
  }

  let dataset: ArtifactRef;
  try {
    dataset = await artifacts.put({
      kind: 'dataset',
      key: keys.dataset,
      body: csv(),
      contentType: 'text/csv',
      runId: input.runId,
      producer,
      parentIds: input.parentIds,
      metadata: { rows: input.rowCount, columns },
    });
  } catch (err) {
    // The store wraps a failing body ("nothing stored"); the row's own error says what is wrong.
    throw rowError ?? err;
  }
  if (written !== input.rowCount) {
    // A programming error, not bad data: the metadata would lie about the object.
    throw new Error(`${input.name}: wrote ${written} rows, expected ${input.rowCount}`);
  }
  const summary = await artifacts.put({
    kind: 'dataset-summary',
    key: keys.summary,
    body: JSON.stringify({ dataset: input.name, ...input.summaryDetails?.(), ...describer.finish() }, null, 2),
    contentType: 'application/json',
    runId: input.runId,
    producer,
    parentIds: [dataset.id],
  });
  return { dataset, summary, rows: written };
}
