import type { InputRecord, PreparationParams, PreparedRow } from './preparation-types';
import { isMissing, toBinary, toCategory, toNumber } from './value-coding';

/**
 * Column order of prepared rows: id, pass-through, numeric (original units), binary, category text
 * (with `keepCategoryText`), one-hot (categorical columns in spec order, categories in fitted order), z-scores,
 * label (when the spec has one).
 */
export function preparedColumns(params: PreparationParams): string[] {
  const { spec } = params;
  return [
    spec.idColumn,
    ...spec.passthrough,
    ...spec.numeric,
    ...spec.binary,
    ...(spec.keepCategoryText ? spec.categorical : []),
    ...spec.categorical.flatMap((c) => params.oneHotColumns[c] ?? []),
    ...spec.numeric.map((c) => `${c}_z`),
    ...(spec.labelColumn === undefined ? [] : [spec.labelColumn]),
  ];
}

/**
 * Imputes and encodes one record with fitted parameters. Unseen categories encode as all zeros
 * (their text is kept as is). The label is 1/0, or null when missing (scoring input);
 * {@link prepareDataset} drops such rows.
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
  const oneHot: PreparedRow = {};
  for (const column of spec.categorical) {
    const v = record[column];
    const category = isMissing(v) ? (params.modes[column] as string | null) : toCategory(v);
    if (spec.keepCategoryText) row[column] = category;
    const categories = params.categories[column] ?? [];
    const names = params.oneHotColumns[column] ?? [];
    for (let i = 0; i < names.length; i += 1) oneHot[names[i]!] = categories[i] === category ? 1 : 0;
  }
  Object.assign(row, oneHot, z);
  if (spec.labelColumn !== undefined) {
    const label = record[spec.labelColumn];
    row[spec.labelColumn] = isMissing(label) ? null : toBinary(spec.labelColumn, label);
  }
  return row;
}

/** Prepares records; with a label column, rows without a label are dropped and counted. */
export function prepareDataset(
  records: readonly InputRecord[],
  params: PreparationParams,
): { rows: PreparedRow[]; droppedNoLabel: number } {
  const { labelColumn } = params.spec;
  const rows: PreparedRow[] = [];
  let droppedNoLabel = 0;
  for (const record of records) {
    if (labelColumn !== undefined && isMissing(record[labelColumn])) droppedNoLabel += 1;
    else rows.push(applyPreparation(record, params));
  }
  return { rows, droppedNoLabel };
}
