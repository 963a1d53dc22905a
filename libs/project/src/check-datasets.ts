import { isObject, type CheckContext } from './check-context';
import { findCycles } from './find-cycles';
import type { ColumnPreparation, DatasetDeclaration, ProjectSuite } from './project-types';

type Path = Array<string | number>;

/** datasets.json against sources.json and expectations.json, and each dataset against the others. */
export function checkDatasets(ctx: CheckContext): void {
  const first = new Map<string, number>();
  ctx.project.datasets.forEach((d, i) => {
    const at: Path = ['datasets', i];
    if (!ctx.isUsable(d)) return;
    if (first.has(d.name)) ctx.add('datasets', [...at, 'name'], `dataset ${d.name} is already declared (datasets[${first.get(d.name)}])`);
    else first.set(d.name, i);
    if (ctx.sourcesKnown && !ctx.project.sources.some((s) => s.name === d.source)) {
      ctx.add('datasets', [...at, 'source'], `no source named ${d.source} in sources.json`);
    } else if (ctx.suitesKnown && !ctx.suiteOf(d)) {
      ctx.add('datasets', [...at, 'source'], `source ${d.source} has no expectation suite in expectations.json: its columns are unknown`);
    }
    const suite = ctx.suiteOf(d);
    if (!suite) return;

    d.key.forEach((k, j) => ctx.checkColumn('datasets', [...at, 'key', j], d, k));
    if (d.eventTime !== undefined) ctx.checkTimeColumn('datasets', [...at, 'eventTime'], d, d.eventTime);
    if (d.dedupe) ctx.checkColumn('datasets', [...at, 'dedupe', 'by'], d, d.dedupe.by);
    (d.drop ?? []).forEach((c, j) => {
      if (!suite.columns?.[c]) ctx.add('datasets', [...at, 'drop', j], `"${c}" is not a column of source ${d.source}`);
      else if (d.key.includes(c)) ctx.add('datasets', [...at, 'drop', j], `"${c}" is a key column: it cannot be dropped`);
    });
    if (d.entity && 'column' in d.entity) ctx.checkColumn('datasets', [...at, 'entity', 'column'], d, d.entity.column);
    if (d.entity && 'through' in d.entity) {
      const { dataset, on } = d.entity.through;
      ctx.checkColumn('datasets', [...at, 'entity', 'through', 'on'], d, on);
      const via = ctx.datasets.get(dataset);
      if (!via) ctx.add('datasets', [...at, 'entity', 'through', 'dataset'], `no dataset named ${dataset} in datasets.json`);
      else if (ctx.isUsable(via) && !(via.entity && 'column' in via.entity) && via.name !== ctx.entity?.dataset) {
        ctx.add('datasets', [...at, 'entity', 'through', 'dataset'], `${via.name} does not reach the entity by a column of its own (one lookup only)`);
      } else if (ctx.isUsable(via) && via.key.length !== 1) {
        ctx.add('datasets', [...at, 'entity', 'through', 'dataset'], `${via.name} has a composite key (${via.key.join(', ')}); a lookup needs a single key column`);
      }
    }
    for (const [column, prep] of Object.entries(d.columns)) checkColumnPreparation(ctx, d, suite, column, prep, [...at, 'columns', column]);
  });
  checkLookupCycles(ctx);
}

/** A dataset is prepared after the datasets it looks values up in: those lookups cannot form a cycle. */
function checkLookupCycles(ctx: CheckContext): void {
  const lookups = new Map<string, Set<string>>();
  const where = new Map<string, Path>();
  ctx.project.datasets.forEach((d, i) => {
    if (!ctx.isUsable(d) || lookups.has(d.name)) return;
    const reads = new Set<string>();
    for (const [column, prep] of Object.entries(d.columns)) {
      const impute = prep.impute;
      if (impute?.strategy !== 'lookup' || impute.dataset === d.name || reads.has(impute.dataset)) continue;
      reads.add(impute.dataset);
      where.set(`${d.name}>${impute.dataset}`, ['datasets', i, 'columns', column, 'impute', 'dataset']);
    }
    lookups.set(d.name, reads);
  });
  for (const cycle of findCycles(lookups)) {
    ctx.add('datasets', where.get(`${cycle[0]}>${cycle[1]}`)!, `lookups form a cycle: ${cycle.join(' -> ')} (a dataset is prepared after those it looks values up in)`);
  }
}

function checkColumnPreparation(ctx: CheckContext, d: DatasetDeclaration, suite: ProjectSuite, column: string, prep: ColumnPreparation, at: Path): void {
  const add = (path: Path, reason: string) => ctx.add('datasets', [...at, ...path], reason);
  const type = isObject(suite.columns?.[column]) ? suite.columns[column]!.type : undefined;
  if (type === undefined) {
    ctx.add('datasets', at, `"${column}" is not a column of source ${d.source}`);
    return;
  }
  if (prep.role === 'numeric' && type !== 'integer' && type !== 'number') add(['role'], `numeric needs an integer or number column; the suite types it ${type}`);
  if (prep.role === 'date' && type !== 'date' && type !== 'timestamp') add(['role'], `date needs a date or timestamp column; the suite types it ${type}`);
  if (prep.encode && prep.encode.kind !== 'none' && prep.role !== 'categorical') add(['encode'], `only categorical columns are encoded (role is ${prep.role})`);
  if (prep.scale && prep.scale !== 'none' && prep.role !== 'numeric') add(['scale'], `only numeric columns are scaled (role is ${prep.role})`);
  if (prep.outliers && prep.role !== 'numeric') add(['outliers'], `only numeric columns have outliers (role is ${prep.role})`);
  if (prep.outliers && 'winsorize' in prep.outliers && prep.outliers.winsorize[0] >= prep.outliers.winsorize[1]) add(['outliers', 'winsorize'], 'the lower quantile must be below the upper one');
  if (prep.trueValues && prep.role !== 'boolean') add(['trueValues'], `only boolean columns have true values (role is ${prep.role})`);
  const impute = prep.impute;
  if (!impute) return;
  if ((impute.strategy === 'mean' || impute.strategy === 'median' || impute.strategy === 'group_median') && prep.role !== 'numeric') {
    add(['impute', 'strategy'], `${impute.strategy} imputation needs a numeric column (role is ${prep.role})`);
  }
  if (impute.strategy === 'constant' && prep.role === 'numeric' && typeof impute.value !== 'number') add(['impute', 'value'], 'a numeric column is imputed with a number');
  if (impute.strategy === 'group_median') ctx.checkColumn('datasets', [...at, 'impute', 'by'], d, impute.by);
  if (impute.strategy === 'forward_fill' && (!d.entity || d.eventTime === undefined)) add(['impute'], 'forward_fill needs the dataset to declare its entity and eventTime');
  if (impute.strategy === 'lookup') {
    ctx.checkColumn('datasets', [...at, 'impute', 'on'], d, impute.on);
    const other = ctx.datasets.get(impute.dataset);
    if (!other) add(['impute', 'dataset'], `no dataset named ${impute.dataset} in datasets.json`);
    else if (other === d) add(['impute', 'dataset'], 'a dataset cannot look values up in itself');
    else if (ctx.isUsable(other)) {
      if (other.key.length !== 1) add(['impute', 'dataset'], `${other.name} has a composite key (${other.key.join(', ')}); a lookup needs a single key column`);
      ctx.checkColumn('datasets', [...at, 'impute', 'column'], other, impute.column);
    }
  }
}
