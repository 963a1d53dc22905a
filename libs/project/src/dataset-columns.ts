import type { ColumnPreparation, DatasetDeclaration, Project, ProjectSuite } from './project-types';

/** What a prepared column holds, as far as declarations tell before any data is read. */
export type ColumnKind = 'number' | 'boolean' | 'date' | 'timestamp' | 'string';

const kindOfSuiteType = (type: string): ColumnKind =>
  type === 'integer' || type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : type === 'date' ? 'date' : type === 'timestamp' ? 'timestamp' : 'string';

/** Lowercase, non-alphanumerics as single underscores: `Fiber optic` -> `fiber_optic`, `Bank transfer (automatic)` -> `bank_transfer_automatic`. */
export function categorySlug(value: string): string {
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug === '' ? 'blank' : slug;
}

/** The suite of a dataset's source. */
export function suiteOfDataset(project: Pick<Project, 'suites'>, dataset: DatasetDeclaration): ProjectSuite | undefined {
  return project.suites.find((s) => s.source === dataset.source);
}

/**
 * Whether a one-hot `<c>__other` can exist: a present value outside the encoded categories can reach the column.
 * Without an enum the categories are those seen when fitting (a later run may see others); with `top` below the
 * enum's size some declared values are left out; an imputation can bring a value from elsewhere.
 */
function mayHoldOther(prep: ColumnPreparation, values: Array<string | number> | undefined): boolean {
  if (values === undefined) return true;
  const top = prep.encode?.kind === 'one_hot' ? prep.encode.top : undefined;
  if (top !== undefined && top < values.length) return true;
  if (prep.impute?.strategy === 'constant') return !values.map(String).includes(String(prep.impute.value));
  return prep.impute?.strategy === 'lookup';
}

/**
 * The columns a prepared dataset has, by name: the source's validated columns (less `drop`), with roles applied
 * (booleans become 0/1 numbers), plus what preparation adds: `<c>_missing` (imputation indicator), `<c>_outlier`,
 * `<c>_scaled`, `<c>_code` (ordinal) and `<c>__<slug>` / `<c>__other` (one-hot). One-hot columns are listed for
 * the categories the suite declares (`enum`); with `top`, only some of them exist after fitting. `<c>__other`
 * is listed when it can exist (see mayHoldOther).
 */
export function preparedColumns(project: Pick<Project, 'suites'>, dataset: DatasetDeclaration): Map<string, ColumnKind> {
  const out = new Map<string, ColumnKind>();
  const suite = suiteOfDataset(project, dataset);
  if (!suite) return out;
  const dropped = new Set(dataset.drop ?? []);
  for (const [name, spec] of Object.entries(suite.columns ?? {})) {
    if (dropped.has(name)) continue;
    const prep = dataset.columns[name];
    out.set(name, prep?.role === 'boolean' ? 'number' : prep?.role === 'numeric' ? 'number' : kindOfSuiteType(String(spec?.type)));
    if (!prep) continue;
    if (prep.impute?.indicator) out.set(`${name}_missing`, 'number');
    if (prep.outliers && 'flag' in prep.outliers) out.set(`${name}_outlier`, 'number');
    if (prep.scale && prep.scale !== 'none') out.set(`${name}_scaled`, 'number');
    if (prep.encode?.kind === 'ordinal') out.set(`${name}_code`, 'number');
    if (prep.encode?.kind === 'one_hot') {
      const values = (spec as { enum?: Array<string | number> }).enum;
      for (const v of values ?? []) out.set(`${name}__${categorySlug(String(v))}`, 'number');
      if (mayHoldOther(prep, values)) out.set(`${name}__other`, 'number');
    }
  }
  return out;
}
