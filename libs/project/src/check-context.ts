import { parseExpression, type Expression } from '@churn/expression';
import { preparedColumns, suiteOfDataset, type ColumnKind } from './dataset-columns';
import type { ProjectFile, ProjectProblem } from './project-problems';
import type { DatasetDeclaration, EntityDeclaration, LabelDeclaration, ModelDeclaration, Project, ProjectSuite } from './project-types';

type Path = ProjectProblem['path'];

/**
 * What the cross-file checks leave alone because it already has a problem of its own: files that could not be
 * read or parsed, and declarations that fail their schema. Everything else is still checked, so that one
 * broken file does not hide the other problems; nothing is checked against what is unknown.
 */
export interface CheckScope {
  /** Files that could not be read or parsed, or lack their top-level list (their problem is reported already). */
  unreadable: ReadonlySet<ProjectFile>;
  /** A schema error lies at `path` or under it; errors under `path/<ignoreBelow>/...` do not count. */
  failedSchema(file: ProjectFile, path: Path, ignoreBelow?: string): boolean;
}

/** A project whose every file was read and passed its schema. */
export const WHOLE_PROJECT: CheckScope = { unreadable: new Set(), failedSchema: () => false };

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The state the cross-file checks share. */
export interface CheckContext {
  project: Project;
  scope: CheckScope;
  problems: ProjectProblem[];
  add(file: ProjectFile, path: Path, reason: string): void;
  /** Usable sections of project.json. */
  entity?: EntityDeclaration;
  label?: LabelDeclaration;
  model?: ModelDeclaration;
  /** Every declared dataset by name, schema-failed ones included, so that references to them resolve. */
  datasets: Map<string, DatasetDeclaration>;
  /** Whether datasets.json (features.json) was read: a name missing from an unread file is not a problem. */
  datasetsKnown: boolean;
  viewsKnown: boolean;
  sourcesKnown: boolean;
  suitesKnown: boolean;
  /** The entity dataset, when project.json names one that is declared. */
  entityDataset?: DatasetDeclaration;
  /** The dataset passed its schema: its own fields can be read. */
  isUsable(dataset: DatasetDeclaration): boolean;
  suiteOf(dataset: DatasetDeclaration): ProjectSuite | undefined;
  /** The prepared columns of a dataset; undefined when they cannot be known (no suite, a schema-failed dataset, ...). */
  columnsOf(dataset: DatasetDeclaration): Map<string, ColumnKind> | undefined;
  /** Adds a problem when the dataset's columns are known and `column` is not one; false then, true or undefined (unknown) otherwise. */
  checkColumn(file: ProjectFile, path: Path, dataset: DatasetDeclaration, column: string): boolean | undefined;
  /** checkColumn, and the column must be a date or a timestamp. */
  checkTimeColumn(file: ProjectFile, path: Path, dataset: DatasetDeclaration, column: string): void;
  /** The parsed expression, or undefined after adding the parse error as a problem. */
  parse(file: ProjectFile, path: Path, text: string): Expression | undefined;
}

/** One-hot columns of a category the suite does not enumerate: known only after fitting. */
function isFittedOneHot(suite: ProjectSuite | undefined, dataset: DatasetDeclaration, column: string): boolean {
  const m = /^(.+?)__[a-z0-9_]+$/.exec(column);
  if (m === null || dataset.columns[m[1]!]?.encode?.kind !== 'one_hot') return false;
  return !Array.isArray(suite?.columns?.[m[1]!]?.enum);
}

export function createCheckContext(project: Project, scope: CheckScope): CheckContext {
  const problems: ProjectProblem[] = [];
  const usable = new Set<DatasetDeclaration>();
  const datasets = new Map<string, DatasetDeclaration>();
  project.datasets.forEach((d, i) => {
    if (!isObject(d) || typeof d.name !== 'string') return;
    if (!datasets.has(d.name)) datasets.set(d.name, d);
    if (!scope.failedSchema('datasets', ['datasets', i])) usable.add(d);
  });
  const manifest: Partial<Project['manifest']> = isObject(project.manifest) ? project.manifest : {};
  const section = <K extends 'entity' | 'label' | 'model'>(key: K) =>
    !scope.unreadable.has('project') && isObject(manifest[key]) && !scope.failedSchema('project', [key]) ? manifest[key] : undefined;
  const suitesKnown = !scope.unreadable.has('expectations');
  const columns = new Map<DatasetDeclaration, Map<string, ColumnKind> | undefined>();

  const ctx: CheckContext = {
    project,
    scope,
    problems,
    add: (file, path, reason) => problems.push({ file, path, reason }),
    entity: section('entity'),
    label: section('label'),
    model: section('model'),
    datasets,
    datasetsKnown: !scope.unreadable.has('datasets'),
    viewsKnown: !scope.unreadable.has('features'),
    sourcesKnown: !scope.unreadable.has('sources'),
    suitesKnown,
    isUsable: (d) => usable.has(d),
    suiteOf: (d) => (suitesKnown ? suiteOfDataset(project, d) : undefined),
    columnsOf(d) {
      if (!columns.has(d)) {
        // A dropped key column is refused on its own; it still counts as a column, so that is the only problem.
        const known = usable.has(d) && ctx.suiteOf(d) !== undefined;
        columns.set(d, known ? preparedColumns(project, { ...d, drop: d.drop?.filter((c) => !d.key.includes(c)) }) : undefined);
      }
      return columns.get(d);
    },
    checkColumn(file, path, d, column) {
      const known = ctx.columnsOf(d);
      if (!known) return undefined;
      if (known.has(column) || isFittedOneHot(ctx.suiteOf(d), d, column)) return true;
      ctx.add(file, path, `"${column}" is not a column of dataset ${d.name} (source ${d.source})`);
      return false;
    },
    checkTimeColumn(file, path, d, column) {
      if (ctx.checkColumn(file, path, d, column) !== true) return;
      const kind = ctx.columnsOf(d)!.get(column) ?? 'number';
      if (kind !== 'date' && kind !== 'timestamp') ctx.add(file, path, `"${column}" is a ${kind} column, not a date or timestamp`);
    },
    parse(file, path, text) {
      try {
        return parseExpression(text);
      } catch (err) {
        ctx.add(file, path, (err as Error).message);
        return undefined;
      }
    },
  };
  ctx.entityDataset = ctx.entity ? datasets.get(ctx.entity.dataset) : undefined;
  return ctx;
}
