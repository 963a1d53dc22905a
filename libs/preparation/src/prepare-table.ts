import type { ArtifactWriter } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import { COMPANY_SOURCE_FIELDS } from './company-sources';
import { writeDataset, type WrittenDataset } from './dataset-writer';
import { readNdjsonRecords } from './ndjson-records';
import type { TableParams, TablePreparation } from './table-preparation';

export interface TableInput {
  /** The source's validated records (NDJSON). */
  validKey: string;
  /** Artifacts the dataset is made from (the valid records of every source it uses). */
  parentIds: string[];
  runId: string;
  producer: string;
}

/**
 * Prepares one source in two passes over its valid records in the lake (learn, then prepare and write),
 * so memory holds the learnt values only, never the records or the CSV.
 */
export async function prepareTable(
  deps: { storage: ObjectStore; artifacts: ArtifactWriter },
  table: TablePreparation,
  input: TableInput,
): Promise<{ rowsIn: number; written: WrittenDataset; params: TableParams }> {
  const fields = COMPANY_SOURCE_FIELDS[table.source];
  const records = () => readNdjsonRecords(deps.storage, input.validKey, fields);
  let rowsIn = 0;
  for await (const record of records()) {
    table.learn(record);
    rowsIn += 1;
  }
  table.finishLearning();
  async function* prepared() {
    for await (const record of records()) yield table.prepare(record);
  }
  const written = await writeDataset(deps.artifacts, input.producer, {
    name: table.name,
    runId: input.runId,
    columns: table.columns,
    rowCount: rowsIn,
    rows: prepared(),
    summaryColumns: table.summaryColumns,
    parentIds: input.parentIds,
    summaryDetails: () => ({ imputed: table.params().imputed }),
  });
  return { rowsIn, written, params: table.params() };
}
