import { identifiersOf, parseExpression, type Expression } from '@churn/expression';
import { preparedColumns, suiteOfDataset, type ColumnKind } from './dataset-columns';
import { expandFeatures } from './expand-features';
import type { ProjectProblem } from './project-problems';
import type { DatasetDeclaration, Project } from './project-types';

const NULLABLE_AGGREGATIONS = new Set(['mean', 'min', 'max', 'latest', 'days_since_last']);
const isTime = (kind: ColumnKind | undefined) => kind === 'date' || kind === 'timestamp';

/** The cross-file rules of a project whose files each have the right shape. Returns every problem found. */
export function checkProject(project: Project): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const add = (file: ProjectProblem['file'], path: ProjectProblem['path'], reason: string) => problems.push({ file, path, reason });
  const datasets = new Map(project.datasets.map((d) => [d.name, d]));
  const columnsOf = new Map(project.datasets.map((d) => [d.name, preparedColumns(project, d)]));
  const sourceNames = new Set(project.sources.map((s) => s.name));

  const hasColumn = (dataset: DatasetDeclaration, column: string): boolean => {
    if (columnsOf.get(dataset.name)?.has(column)) return true;
    // One-hot columns of categories only known after fitting (no enum, or `top`).
    const m = /^(.+?)__[a-z0-9_]+$/.exec(column);
    return m !== null && dataset.columns[m[1]!]?.encode?.kind === 'one_hot';
  };
  const checkColumn = (file: ProjectProblem['file'], path: ProjectProblem['path'], dataset: DatasetDeclaration, column: string, what = 'column') => {
    if (!hasColumn(dataset, column)) add(file, path, `${what} "${column}" is not a column of dataset ${dataset.name} (source ${dataset.source})`);
  };
  const parse = (file: ProjectProblem['file'], path: ProjectProblem['path'], text: string): Expression | undefined => {
    try {
      return parseExpression(text);
    } catch (err) {
      add(file, path, (err as Error).message);
      return undefined;
    }
  };

  // datasets.json
  const seenDatasets = new Set<string>();
  project.datasets.forEach((d, i) => {
    const at = ['datasets', i];
    if (seenDatasets.has(d.name)) add('datasets', [...at, 'name'], `dataset ${d.name} is declared twice`);
    seenDatasets.add(d.name);
    if (!sourceNames.has(d.source)) add('datasets', [...at, 'source'], `no source named ${d.source} in sources.json`);
    if (!suiteOfDataset(project, d)) {
      add('datasets', [...at, 'source'], `source ${d.source} has no expectation suite in expectations.json: its columns are unknown`);
      return;
    }
    const cols = columnsOf.get(d.name)!;
    d.key.forEach((k, j) => checkColumn('datasets', [...at, 'key', j], d, k, 'key column'));
    if (d.eventTime !== undefined) {
      checkColumn('datasets', [...at, 'eventTime'], d, d.eventTime);
      if (cols.has(d.eventTime) && !isTime(cols.get(d.eventTime))) add('datasets', [...at, 'eventTime'], `${d.eventTime} is not a date or timestamp column`);
    }
    if (d.dedupe) checkColumn('datasets', [...at, 'dedupe', 'by'], d, d.dedupe.by);
    (d.drop ?? []).forEach((c, j) => {
      if (!suiteOfDataset(project, d)!.columns[c]) add('datasets', [...at, 'drop', j], `"${c}" is not a column of source ${d.source}`);
      if (d.key.includes(c)) add('datasets', [...at, 'drop', j], `key column "${c}" cannot be dropped`);
    });
    if (d.entity && 'column' in d.entity) checkColumn('datasets', [...at, 'entity', 'column'], d, d.entity.column);
    if (d.entity && 'through' in d.entity) {
      const via = datasets.get(d.entity.through.dataset);
      checkColumn('datasets', [...at, 'entity', 'through', 'on'], d, d.entity.through.on);
      if (!via) add('datasets', [...at, 'entity', 'through', 'dataset'], `no dataset named ${d.entity.through.dataset}`);
      else if (!(via.entity && 'column' in via.entity) && via.name !== project.manifest.entity.dataset) {
        add('datasets', [...at, 'entity', 'through', 'dataset'], `${via.name} does not reach the entity by a column of its own (one lookup only)`);
      }
    }
    for (const [column, prep] of Object.entries(d.columns)) {
      const cat = [...at, 'columns', column];
      const kind = suiteOfDataset(project, d)!.columns[column]?.type;
      if (kind === undefined) {
        add('datasets', cat, `"${column}" is not a column of source ${d.source}`);
        continue;
      }
      if (prep.role === 'numeric' && kind !== 'integer' && kind !== 'number') add('datasets', [...cat, 'role'], `numeric needs an integer or number column; the suite types it ${kind}`);
      if (prep.role === 'date' && kind !== 'date' && kind !== 'timestamp') add('datasets', [...cat, 'role'], `date needs a date or timestamp column; the suite types it ${kind}`);
      if (prep.encode && prep.encode.kind !== 'none' && prep.role !== 'categorical') add('datasets', [...cat, 'encode'], 'only categorical columns are encoded');
      if (prep.scale && prep.scale !== 'none' && prep.role !== 'numeric') add('datasets', [...cat, 'scale'], 'only numeric columns are scaled');
      if (prep.outliers && prep.role !== 'numeric') add('datasets', [...cat, 'outliers'], 'only numeric columns have outliers');
      if (prep.outliers && 'winsorize' in prep.outliers && prep.outliers.winsorize[0] >= prep.outliers.winsorize[1]) {
        add('datasets', [...cat, 'outliers', 'winsorize'], 'the lower quantile must be below the upper one');
      }
      if (prep.trueValues && prep.role !== 'boolean') add('datasets', [...cat, 'trueValues'], 'only boolean columns have true values');
      const impute = prep.impute;
      if (!impute) continue;
      if ((impute.strategy === 'mean' || impute.strategy === 'median' || impute.strategy === 'group_median') && prep.role !== 'numeric') {
        add('datasets', [...cat, 'impute', 'strategy'], `${impute.strategy} imputation needs a numeric column`);
      }
      if (impute.strategy === 'group_median') checkColumn('datasets', [...cat, 'impute', 'by'], d, impute.by);
      if (impute.strategy === 'forward_fill' && (!d.entity || d.eventTime === undefined)) {
        add('datasets', [...cat, 'impute'], 'forward_fill needs the dataset to declare its entity and eventTime');
      }
      if (impute.strategy === 'lookup') {
        const other = datasets.get(impute.dataset);
        checkColumn('datasets', [...cat, 'impute', 'on'], d, impute.on);
        if (!other) add('datasets', [...cat, 'impute', 'dataset'], `no dataset named ${impute.dataset}`);
        else if (other.name === d.name) add('datasets', [...cat, 'impute', 'dataset'], 'a dataset cannot look values up in itself');
        else {
          if (other.key.length !== 1) add('datasets', [...cat, 'impute', 'dataset'], `${other.name} has a composite key; a lookup needs a single key column`);
          if (!suiteOfDataset(project, other)?.columns[impute.column]) add('datasets', [...cat, 'impute', 'column'], `"${impute.column}" is not a column of ${other.name}`);
        }
      }
    }
  });

  // project.json
  const { entity, label, model } = project.manifest;
  const entityDataset = datasets.get(entity.dataset);
  if (!entityDataset) add('project', ['entity', 'dataset'], `no dataset named ${entity.dataset} in datasets.json`);
  else {
    checkColumn('project', ['entity', 'key'], entityDataset, entity.key, 'entity key');
    if (entityDataset.key.length !== 1 || entityDataset.key[0] !== entity.key) add('project', ['entity', 'key'], `the entity dataset ${entityDataset.name} must be keyed by ${entity.key} alone`);
    if (entity.since !== undefined) {
      checkColumn('project', ['entity', 'since'], entityDataset, entity.since);
      if (!isTime(columnsOf.get(entityDataset.name)?.get(entity.since))) add('project', ['entity', 'since'], `${entity.since} is not a date or timestamp column`);
    }
  }
  const reachesEntity = (d: DatasetDeclaration) => d.name === entity.dataset || d.entity !== undefined;
  if (label.kind === 'status' && entityDataset) checkColumn('project', ['label', 'column'], entityDataset, label.column, 'label column');
  if (label.kind === 'event') {
    const events = datasets.get(label.dataset);
    if (!events) add('project', ['label', 'dataset'], `no dataset named ${label.dataset} in datasets.json`);
    else {
      checkColumn('project', ['label', 'time'], events, label.time, 'label time');
      if (hasColumn(events, label.time) && !isTime(columnsOf.get(events.name)?.get(label.time))) add('project', ['label', 'time'], `${label.time} is not a date or timestamp column`);
      if (!reachesEntity(events)) add('project', ['label', 'dataset'], `${events.name} does not declare how it reaches the entity (entity)`);
    }
    if (entity.since === undefined) add('project', ['entity', 'since'], 'an event label needs entity.since: the population at T is the entities known before T');
  }
  if (!project.views.some((v) => v.name === model.featureView)) add('project', ['model', 'featureView'], `no feature view named ${model.featureView} in features.json`);

  // features.json
  const viewNames = new Set<string>();
  project.views.forEach((view, v) => {
    const at = ['views', v];
    if (viewNames.has(view.name)) add('features', [...at, 'name'], `view ${view.name} is declared twice`);
    viewNames.add(view.name);
    const expanded = expandFeatures(view);
    const byName = new Map<string, number>();
    for (const { feature, declaration } of expanded) {
      if (byName.has(feature.name)) add('features', [...at, 'features', declaration, 'name'], `feature ${feature.name} is declared twice`);
      byName.set(feature.name, declaration);
    }
    const dependsOn = new Map<string, Set<string>>();
    for (const { feature: f, declaration: j } of expanded) {
      const fat = [...at, 'features', j];
      if (f.kind === 'attribute' && entityDataset) {
        const e = parse('features', [...fat, 'expr'], f.expr);
        for (const id of e ? identifiersOf(e) : []) {
          if (id === 'T') add('features', [...fat, 'expr'], 'attributes are current values: T is not available (use a tenure or window feature)');
          else checkColumn('features', [...fat, 'expr'], entityDataset, id);
          if (label.kind === 'status' && id === label.column) add('features', [...fat, 'expr'], `reads the label column ${id}: that is leakage`);
        }
      }
      if (f.kind === 'tenure' && entityDataset) {
        checkColumn('features', [...fat, 'column'], entityDataset, f.column);
        if (hasColumn(entityDataset, f.column) && !isTime(columnsOf.get(entityDataset.name)?.get(f.column))) add('features', [...fat, 'column'], `${f.column} is not a date or timestamp column`);
      }
      if (f.kind === 'window') {
        const d = datasets.get(f.dataset);
        if (!d) {
          add('features', [...fat, 'dataset'], `no dataset named ${f.dataset} in datasets.json`);
          continue;
        }
        if (d.eventTime === undefined) add('features', [...fat, 'dataset'], `${d.name} has no eventTime: window features need one to stay point-in-time`);
        if (!reachesEntity(d)) add('features', [...fat, 'dataset'], `${d.name} does not declare how it reaches the entity (entity)`);
        if (f.agg !== 'count' && f.agg !== 'days_since_last' && f.expr === undefined) add('features', [...fat, 'expr'], `${f.agg} needs an expression to aggregate`);
        if (f.window.column !== undefined) {
          checkColumn('features', [...fat, 'window', 'column'], d, f.window.column);
          if (hasColumn(d, f.window.column) && !isTime(columnsOf.get(d.name)?.get(f.window.column))) add('features', [...fat, 'window', 'column'], `${f.window.column} is not a date or timestamp column`);
        }
        if (f.agg === 'trend' && f.window.days === undefined) add('features', [...fat, 'window'], 'trend compares the two halves of a window: it needs days');
        if (f.agg === 'trend' && f.window.days !== undefined && f.window.days % 2 !== 0) add('features', [...fat, 'window', 'days'], 'trend needs an even number of days (two equal halves)');
        if (NULLABLE_AGGREGATIONS.has(f.agg) && f.default === undefined && !f.internal) {
          add('features', [...fat, 'default'], `${f.agg} has no value without events: give a default, or mark the feature internal and use it in a derived one`);
        }
        for (const key of ['expr', 'filter'] as const) {
          const text = f[key];
          if (text === undefined) continue;
          const e = parse('features', [...fat, key], text);
          for (const id of e ? identifiersOf(e) : []) if (id !== 'T') checkColumn('features', [...fat, key], d, id);
        }
      }
      if (f.kind === 'derived') {
        const e = parse('features', [...fat, 'expr'], f.expr);
        const ids = e ? identifiersOf(e) : new Set<string>();
        for (const id of ids) if (!byName.has(id)) add('features', [...fat, 'expr'], `"${id}" is not a feature of view ${view.name}`);
        dependsOn.set(f.name, ids);
      }
    }
    for (const cycle of findCycles(dependsOn)) add('features', [...at, 'features', byName.get(cycle[0]!)!, 'expr'], `derived features form a cycle: ${cycle.join(' -> ')}`);
  });
  return problems;
}

/** Each cycle among derived features once, as the names along it (first name repeated at the end). */
function findCycles(edges: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
