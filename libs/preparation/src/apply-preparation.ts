import type { InputRecord, PreparationParams, PreparedRow } from './preparation-types';
import { isMissing, toBinary, toCategory, toNumber } from './value-coding';

/**
 * Column order of prepared rows: id, pass-through, numeric (original units), binary,
 * one-hot (categorical columns in spec order, categories sorted), z-scores, label.
 */
export function preparedColumns(params: PreparationParams): string[] {
  const { spec } = params;
  return [
    spec.idColumn,
    ...spec.passthrough,
    ...spec.numeric,
    ...spec.binary,
    ...spec.categorical.flatMap((c) => params.oneHotColumns[c] ?? []),
    ...spec.numeric.map((c) => `${c}_z`),
    spec.labelColumn,
  ];
}

/**
 * Imputes and encodes one record with fitted parameters. Unseen categories encode as all zeros.
 * The label is 1/0, or null when missing (scoring input); {@link prepareDataset} drops such rows.
 */
export function applyPreparation(record: InputRecord, params: PreparationParams): PreparedRow {
  const { spec } = params;
  const row: PreparedRow = {};
  const id = record[spec.idColumn];
  row[spec.idColumn] = isMissing(id) ? null : String(id);
  for (const column of spec.passthrough) {
    const v = record[column];
    row[column] = isMissing(v) ? null : typeof v === 'number' ? v : String(v);
  }
  const z: PreparedRow = {};
  for (const column of spec.numeric) {
    const v = record[column];
    const x = isMissing(v) ? params.medians[column]! : toNumber(column, v);
    row[column] = x;
    z[`${column}_z`] = (x - params.means[column]!) / params.stds[column]!;
  }
  for (const column of spec.binary) {
    const v = record[column];
    row[column] = isMissing(v) ? (params.modes[column] as number) : toBinary(column, v);
  }
  for (const column of spec.categorical) {
    const v = record[column];
    const category = isMissing(v) ? params.modes[column] : toCategory(v);
    const categories = params.categories[column] ?? [];
    const names = params.oneHotColumns[column] ?? [];
    for (let i = 0; i < names.length; i += 1) row[names[i]!] = categories[i] === category ? 1 : 0;
  }
  Object.assign(row, z);
  const label = record[spec.labelColumn];
  row[spec.labelColumn] = isMissing(label) ? null : toBinary(spec.labelColumn, label);
  return row;
}

/** Prepares labelled records for training; rows without a label are dropped and counted. */
export function prepareDataset(
  records: readonly InputRecord[],
  params: PreparationParams,
): { rows: PreparedRow[]; droppedNoLabel: number } {
  const rows: PreparedRow[] = [];
  let droppedNoLabel = 0;
  for (const record of records) {
    if (isMissing(record[params.spec.labelColumn])) droppedNoLabel += 1;
    else rows.push(applyPreparation(record, params));
  }
  return { rows, droppedNoLabel };
}
