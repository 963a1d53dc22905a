import { PlatformError } from '@churn/core';
import { assertPreparationSpec } from './preparation-spec-schema';
import type { InputRecord, PreparationParams, PreparationSpec } from './preparation-types';
import { meanStd, median, modeOf } from './statistics';
import { compareText, isMissing, oneHotColumnNames, toBinary, toCategory, toNumber } from './value-coding';

/**
 * Learns imputation values, categories and z-score parameters from records. With a label column,
 * rows without a label are skipped and counted; without one, every row is fitted. A column never
 * observed falls back to median 0 / mode null (categorical: all one-hot zeros) / mode 0 (binary),
 * so one empty optional column cannot stop the pipeline; its `imputed` count then equals `rowsFitted`.
 */
export function fitPreparation(records: readonly InputRecord[], spec: PreparationSpec): PreparationParams {
  assertPreparationSpec(spec);
  const { labelColumn } = spec;
  const labelled = labelColumn === undefined ? records : records.filter((r) => !isMissing(r[labelColumn]));
  if (labelColumn !== undefined) for (const r of labelled) toBinary(labelColumn, r[labelColumn]!);
  if (labelled.length === 0) {
    const what = labelColumn === undefined ? 'no rows' : 'no labelled rows';
    throw new PlatformError('CHURN_PREPARATION_NO_ROWS', `${what} to fit the preparation on`, {
      retriable: false,
      context: { rowsIn: records.length, labelColumn: labelColumn ?? null },
    });
  }
  const params: PreparationParams = {
    version: 1,
    spec: structuredClone(spec),
    rowsFitted: labelled.length,
    rowsDroppedNoLabel: records.length - labelled.length,
    medians: {},
    means: {},
    stds: {},
    modes: {},
    categories: {},
    oneHotColumns: {},
    imputed: {},
  };

  for (const column of spec.numeric) {
    const observed: number[] = [];
    for (const r of labelled) {
      const v = r[column];
      if (!isMissing(v)) observed.push(toNumber(column, v));
    }
    const fill = observed.length > 0 ? median(observed) : 0;
    const filled = observed.concat(new Array<number>(labelled.length - observed.length).fill(fill));
    const { mean, std } = meanStd(filled, 0);
    params.medians[column] = fill;
    params.means[column] = mean;
    // A (numerically) constant column would otherwise divide by ~0.
    params.stds[column] = std > 1e-12 ? std : 1;
    params.imputed[column] = labelled.length - observed.length;
  }

  for (const column of spec.categorical) {
    const declared = spec.categories?.[column];
    const counts = new Map<string, number>();
    let missing = 0;
    for (const r of labelled) {
      const v = r[column];
      if (isMissing(v)) {
        missing += 1;
        continue;
      }
      const category = toCategory(v);
      if (declared !== undefined && !declared.includes(category)) throw undeclaredCategory(column, category, declared);
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    // Declared categories keep their declared order (the source contract's); seen ones are sorted.
    const categories = declared !== undefined ? [...declared] : [...counts.keys()].sort(compareText);
    params.categories[column] = categories;
    params.oneHotColumns[column] = oneHotColumnNames(column, categories);
    params.modes[column] = modeOf(counts, compareText) ?? null;
    params.imputed[column] = missing;
  }

  for (const column of spec.binary) {
    const counts = new Map<0 | 1, number>();
    let missing = 0;
    for (const r of labelled) {
      const v = r[column];
      if (isMissing(v)) missing += 1;
      else counts.set(toBinary(column, v), (counts.get(toBinary(column, v)) ?? 0) + 1);
    }
    params.modes[column] = modeOf(counts, (a, b) => a - b) ?? 0;
    params.imputed[column] = missing;
  }
  return params;
}

function undeclaredCategory(column: string, category: string, declared: readonly string[]): PlatformError {
  return new PlatformError('CHURN_PREPARATION_BAD_VALUE', `${column}: ${JSON.stringify(category)} is not one of ${declared.join(', ')}`, {
    retriable: false,
    context: { column, value: category, declared },
  });
}
