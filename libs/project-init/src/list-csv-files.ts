import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PlatformError } from '@churn/core';
import { initErrors } from './errors';
import { distinctName, platformName } from './naming';

/** A CSV file of the input folder and the table name init gives it. */
export interface CsvFile {
  file: string;
  path: string;
  table: string;
}

/**
 * The `.csv` files directly in `dir`, by name, each with a distinct snake_case table name
 * (`Telco-Customer-Churn.csv` -> `telco_customer_churn`). Hidden files are ignored.
 *
 * @throws PlatformError CHURN_INIT_NO_FOLDER, CHURN_INIT_EMPTY_FOLDER or CHURN_INIT_NO_CSV.
 */
export async function listCsvFiles(dir: string): Promise<CsvFile[]> {
  const root = resolve(dir);
  let entries;
  try {
    if (!(await stat(root)).isDirectory()) throw initErrors.noFolder(dir);
    entries = await readdir(root, { withFileTypes: true });
  } catch (err) {
    if (err instanceof PlatformError) throw err;
    throw initErrors.noFolder(dir);
  }
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) throw initErrors.emptyFolder(dir);
  const csv = files.filter((f) => /\.csv$/i.test(f));
  if (csv.length === 0) throw initErrors.noCsv(dir, files);
  const taken = new Set<string>();
  return csv.map((file) => ({ file, path: join(root, file), table: distinctName(platformName(file.replace(/\.csv$/i, ''), 'table', 't'), taken) }));
}
