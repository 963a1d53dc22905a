import { boundValue, resolveBound } from './bounds';
import { patternProblem } from './patterns';
import type { SuiteProblem } from './suite-problems';
import type { Bound, ColumnSpec, ColumnType, ExpectationSuite, SuiteCheck } from './suite-types';

// Bounds are checked on a fixed day; `${asOf}` resolves per run.
const SAMPLE_AS_OF = '2026-10-31';
const NUMERIC: readonly ColumnType[] = ['integer', 'number'];
const RANGED: readonly ColumnType[] = ['integer', 'number', 'date', 'timestamp'];

type Add = (reason: string | undefined, ...field: Array<string | number>) => void;

function checkRange(type: ColumnType, min: Bound | undefined, max: Bound | undefined, add: Add, prefix: Array<string | number>): void {
  const lo = min === undefined ? undefined : resolveBound(min, type, 'min', SAMPLE_AS_OF);
  const hi = max === undefined ? undefined : resolveBound(max, type, 'max', SAMPLE_AS_OF);
  if (typeof lo === 'string') add(lo, ...prefix, 'min');
  if (typeof hi === 'string') add(hi, ...prefix, 'max');
  if (lo && hi && typeof lo !== 'string' && typeof hi !== 'string' && boundValue(lo) > boundValue(hi)) add('must be >= min', ...prefix, 'max');
}

function checkColumn(name: string, spec: ColumnSpec, add: Add): void {
  const at = (...field: Array<string | number>) => ['columns', name, ...field];
  const { type } = spec;
  if (spec.required !== undefined && spec.nullable !== undefined && spec.required === spec.nullable) {
    add('contradicts required (nullable is the opposite of required)', ...at('nullable'));
  }
  if (spec.pattern !== undefined) {
    if (type !== 'string') add(`is only for string columns (this one is ${type})`, ...at('pattern'));
    else add(patternProblem(spec.pattern), ...at('pattern'));
  }
  if (spec.format !== undefined && type !== 'string') add(`is only for string columns (this one is ${type})`, ...at('format'));
  if (spec.enum !== undefined) {
    const want = type === 'string' ? 'string' : NUMERIC.includes(type) ? 'number' : undefined;
    if (want === undefined) add(`is only for string, integer or number columns (this one is ${type})`, ...at('enum'));
    spec.enum.forEach((v, i) => {
      if (want !== undefined && typeof v !== want) add(`must be a ${want} like the column`, ...at('enum', i));
      else if (type === 'integer' && !Number.isInteger(v)) add('must be an integer like the column', ...at('enum', i));
    });
  }
  if ((spec.min !== undefined || spec.max !== undefined) && !RANGED.includes(type)) {
    add(`a ${type} column has no range`, ...at(spec.min !== undefined ? 'min' : 'max'));
  } else {
    checkRange(type, spec.min, spec.max, add, ['columns', name]);
  }
  if (spec.exclusiveMin && spec.min === undefined) add('needs min', ...at('exclusiveMin'));
  if (spec.exclusiveMax && spec.max === undefined) add('needs max', ...at('exclusiveMax'));
}

function checkCheck(
  check: SuiteCheck,
  columns: Record<string, ColumnSpec>,
  sources: ReadonlyMap<string, ExpectationSuite>,
  add: Add,
): void {
  const typeOf = (column: string, ...field: Array<string | number>): ColumnType | undefined => {
    const spec = Object.prototype.hasOwnProperty.call(columns, column) ? columns[column] : undefined;
    if (!spec) add(`unknown column "${column}"`, ...(field.length > 0 ? field : ['column']));
    return spec?.type;
  };
  const need = (type: ColumnType | undefined, allowed: readonly ColumnType[], what: string): boolean => {
    if (type === undefined) return false;
    if (allowed.includes(type)) return true;
    add(`${what} needs a ${allowed.join(' or ')} column (this one is ${type})`, 'column');
    return false;
  };
  switch (check.check) {
    case 'completeness':
      typeOf(check.column);
      break;
    case 'unique':
      check.columns.forEach((c, i) => typeOf(c, 'columns', i));
      break;
    case 'regex':
      if (need(typeOf(check.column), ['string', 'date', 'timestamp'], 'regex')) add(patternProblem(check.pattern), 'pattern');
      break;
    case 'allowed_values': {
      const type = typeOf(check.column);
      if (type === undefined) break;
      const want = type === 'boolean' ? 'boolean' : NUMERIC.includes(type) ? 'number' : 'string';
      check.values.forEach((v, i) => {
        if (typeof v !== want) add(`must be a ${want} like the column`, 'values', i);
      });
      break;
    }
    case 'min_between':
    case 'max_between':
    case 'mean_between':
    case 'stddev_between': {
      const allowed = check.check === 'mean_between' || check.check === 'stddev_between' ? NUMERIC : RANGED;
      const type = typeOf(check.column);
      if (check.min === undefined && check.max === undefined) add('needs min or max', 'min');
      if (need(type, allowed, check.check)) checkRange(type!, check.min, check.max, add, []);
      break;
    }
    case 'outliers':
      need(typeOf(check.column), NUMERIC, 'outliers');
      if (check.method === 'iqr' && check.threshold !== undefined) add('is for method zscore (iqr takes k)', 'threshold');
      if (check.method === 'zscore' && check.k !== undefined) add('is for method iqr (zscore takes threshold)', 'k');
      break;
    case 'row_count':
      if (check.min === undefined && check.max === undefined && check.changeVsPrevious === undefined) add('needs min, max or changeVsPrevious', 'min');
      if (check.min !== undefined && check.max !== undefined && check.min > check.max) add('must be >= min', 'max');
      break;
    case 'freshness':
      need(typeOf(check.column), ['date', 'timestamp'], 'freshness');
      break;
    case 'duplicates':
      break;
    case 'references': {
      typeOf(check.column);
      const other = sources.get(check.references.source);
      if (other && !Object.prototype.hasOwnProperty.call(other.columns, check.references.column)) {
        add(`source ${check.references.source} has no column "${check.references.column}"`, 'references', 'column');
      }
      break;
    }
    case 'psi': {
      const type = typeOf(check.column);
      if (need(type, ['integer', 'number', 'string', 'boolean'], 'psi') && check.bins !== undefined && !NUMERIC.includes(type!)) {
        add('is for numeric columns (categories are compared one by one)', 'bins');
      }
      if (check.warnAbove !== undefined && check.failAbove !== undefined && check.warnAbove > check.failAbove) add('must be >= warnAbove', 'failAbove');
      break;
    }
  }
}

/**
 * Rules JSON Schema cannot say: unique sources and check names, key and check
 * columns that exist and have a fitting type, bounds that parse for their
 * column's type (with `${asOf}`), min <= max, patterns the engine can run.
 */
export function checkSuites(suites: ExpectationSuite[]): SuiteProblem[] {
  const problems: SuiteProblem[] = [];
  const bySource = new Map<string, ExpectationSuite>();
  for (const s of suites) if (s && typeof s.source === 'string' && !bySource.has(s.source)) bySource.set(s.source, s);
  const firstIndex = new Map<string, number>();
  suites.forEach((suite, i) => {
    if (suite === null || typeof suite !== 'object') return;
    const add: Add = (reason, ...field) => {
      if (reason !== undefined) problems.push({ path: ['suites', i, ...field], reason });
    };
    if (typeof suite.source === 'string') {
      const seen = firstIndex.get(suite.source);
      if (seen === undefined) firstIndex.set(suite.source, i);
      else add(`duplicates the source of suites[${seen}]`, 'source');
    }
    const columns = suite.columns !== null && typeof suite.columns === 'object' ? suite.columns : {};
    if (Array.isArray(suite.key)) {
      suite.key.forEach((c, k) => {
        if (typeof c === 'string' && !Object.prototype.hasOwnProperty.call(columns, c)) add(`unknown column "${c}"`, 'key', k);
      });
    }
    for (const [name, spec] of Object.entries(columns)) {
      if (spec !== null && typeof spec === 'object' && typeof spec.type === 'string') checkColumn(name, spec, add);
    }
    if (!Array.isArray(suite.checks)) return;
    const names = new Map<string, number>();
    suite.checks.forEach((check, j) => {
      if (check === null || typeof check !== 'object') return;
      const addCheck: Add = (reason, ...field) => add(reason, 'checks', j, ...field);
      if (typeof check.name === 'string') {
        const seen = names.get(check.name);
        if (seen === undefined) names.set(check.name, j);
        else addCheck(`duplicates the name of checks[${seen}]`, 'name');
      }
      checkCheck(check, columns, bySource, addCheck);
    });
  });
  return problems;
}
