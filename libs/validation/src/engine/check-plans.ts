import { resolveBound, type ResolvedBound } from '../suites/bounds';
import type { Severity, SuiteCheck } from '../suites/suite-types';
import type { AggregateQuery } from './aggregate-query';
import type { ColumnSql } from './column-sql';
import type { Session } from './duckdb-session';
import type { CheckLevel, CheckResult, FailingExample, RunSuiteOptions } from './engine-types';
import { valueOf } from './profile-plan';
import { binCounts, binHistogramSql, categoricalPsi, numericPsi, sharesOfBins, sharesOfCategories } from './psi';
import { loadReferencedKeys } from './referenced-keys';
import { ident, inList, num, str } from './sql';

/** What the checks can read besides their own aggregates. */
export interface CheckContext {
  session: Session;
  options: RunSuiteOptions;
  columns: ReadonlyMap<string, ColumnSql>;
  key: readonly ColumnSql[];
  rowsIn: number;
  rowsValid: number;
  /** Rows (of all read) repeating an earlier row's key. */
  keyRepeats: number;
  examples: number;
}

type Values = Record<string, unknown>;

/** A check in three steps: aggregates on the first scan, on the second, then the verdict. */
export interface CheckPlan {
  first?(q: AggregateQuery): void;
  second?(q: AggregateQuery, v1: Values): void;
  finish(v1: Values, v2: Values): Promise<CheckResult>;
}

const LEVEL: Record<SuiteCheck['check'], CheckLevel> = {
  completeness: 'column',
  unique: 'column',
  regex: 'column',
  allowed_values: 'column',
  min_between: 'column',
  max_between: 'column',
  mean_between: 'column',
  stddev_between: 'column',
  outliers: 'column',
  row_count: 'table',
  freshness: 'table',
  duplicates: 'table',
  references: 'cross-source',
  psi: 'drift',
};

const round = (n: number, digits = 4): number => Number(n.toFixed(digits));
const share = (part: number, whole: number): number | null => (whole === 0 ? null : round(part / whole, 6));

interface Verdict {
  ok: boolean;
  observed: number | string | null;
  expected: string;
  failingCount?: number | null;
  examples?: FailingExample[];
  note?: string;
  /** Overrides the status (psi's two thresholds, skipped checks). */
  status?: CheckResult['status'];
}

function result(check: SuiteCheck, v: Verdict): CheckResult {
  const severity: Severity = check.severity ?? 'error';
  const column = 'column' in check ? check.column : undefined;
  return {
    name: check.name,
    check: check.check,
    level: LEVEL[check.check],
    ...(column === undefined ? {} : { column }),
    ...(check.check === 'unique' ? { columns: check.columns } : {}),
    severity,
    status: v.status ?? (v.ok ? 'pass' : severity === 'error' ? 'fail' : 'warn'),
    observed: v.observed,
    expected: v.expected,
    failingCount: v.failingCount ?? null,
    ...(v.examples && v.examples.length > 0 ? { examples: v.examples } : {}),
    ...(v.note ? { note: v.note } : {}),
  };
}

const skipped = (check: SuiteCheck, expected: string, note: string): CheckResult =>
  result(check, { ok: true, observed: null, expected, note, status: 'skipped' });

async function examplesWhere(ctx: CheckContext, c: ColumnSql, condition: string): Promise<FailingExample[]> {
  const rows = await ctx.session.rows<{ input: number; line: number; value: string | number | null }>(
    `SELECT _input AS input, churn_line(_input, _ord, _line) AS line, r${c.index} AS value FROM valid WHERE ${condition} ORDER BY _ord LIMIT ${ctx.examples}`,
  );
  return rows.map((r) => ({ ...(ctx.options.inputs.length > 1 ? { input: r.input } : {}), line: r.line, value: r.value }));
}

function bound(ctx: CheckContext, c: ColumnSql, b: string | number | undefined, side: 'min' | 'max'): ResolvedBound | undefined {
  if (b === undefined) return undefined;
  const resolved = resolveBound(b, c.spec.type, side, ctx.options.asOf);
  if (typeof resolved === 'string') throw new Error(resolved);
  return resolved;
}

const boundSql = (b: ResolvedBound): string => (b.kind === 'date' ? str(b.value) : num(b.value));
const boundText = (b: ResolvedBound): string => (b.kind === 'timestamp' ? b.text : String(b.value));
const display = (c: ColumnSql, v: unknown): number | string | null =>
  v === null || v === undefined ? null : c.spec.type === 'timestamp' ? new Date(Number(v)).toISOString() : typeof v === 'number' ? round(v, 6) : String(v);
const between = (lo: ResolvedBound | undefined, hi: ResolvedBound | undefined): string =>
  [lo ? `>= ${boundText(lo)}` : '', hi ? `<= ${boundText(hi)}` : ''].filter(Boolean).join(' and ');

/** Plans one suite check. */
export function planCheck(check: SuiteCheck, ctx: CheckContext): CheckPlan {
  const col = (name: string): ColumnSql => ctx.columns.get(name)!;
  switch (check.check) {
    case 'completeness': {
      const c = col(check.column);
      let present = '';
      let total = '';
      return {
        first(q) {
          present = q.add(`count(*) FILTER (WHERE NOT m${c.index})`);
          total = q.add('count(*)');
        },
        async finish(v1) {
          const [p, t] = [Number(v1[present]), Number(v1[total])];
          const observed = share(p, t);
          return result(check, { ok: observed !== null && observed >= check.atLeast, observed, expected: `>= ${check.atLeast}`, failingCount: t - p });
        },
      };
    }
    case 'unique':
      return {
        async finish() {
          const cols = check.columns.map(col);
          const expected = 'no two valid rows share the values';
          if (cols.length === ctx.key.length && cols.every((c) => ctx.key.includes(c))) {
            return result(check, { ok: true, observed: 0, expected, failingCount: 0, note: 'the key: valid rows are unique by construction (first valid row wins)' });
          }
          const r = cols.map((c) => `r${c.index}`).join(', ');
          const groups = `SELECT concat_ws('/', ${r}) AS value, count(*) AS n FROM valid WHERE ${cols.map((c) => `NOT m${c.index}`).join(' AND ')} GROUP BY ${r} HAVING count(*) > 1`;
          const [row] = await ctx.session.rows<{ dups: number }>(`SELECT coalesce(sum(n - 1), 0) AS dups FROM (${groups})`);
          const dups = row?.dups ?? 0;
          const examples = dups === 0 ? [] : await ctx.session.rows<{ value: string }>(`SELECT value FROM (${groups}) ORDER BY n DESC, value LIMIT ${ctx.examples}`);
          return result(check, { ok: dups === 0, observed: dups, expected, failingCount: dups, examples: examples.map((e) => ({ value: e.value })) });
        },
      };
    case 'regex':
    case 'allowed_values': {
      const c = col(check.column);
      const bad = check.check === 'regex' ? `NOT regexp_matches(r${c.index}, ${str(check.pattern)})` : `${valueOf(c)} NOT IN ${inList(check.values)}`;
      const condition = `NOT m${c.index} AND ${bad}`;
      const minShare = check.minShare ?? 1;
      let present = '';
      let failing = '';
      return {
        first(q) {
          present = q.add(`count(*) FILTER (WHERE NOT m${c.index})`);
          failing = q.add(`count(*) FILTER (WHERE ${condition})`);
        },
        async finish(v1) {
          const [p, f] = [Number(v1[present]), Number(v1[failing])];
          const observed = share(p - f, p);
          const ok = observed === null || observed >= minShare;
          const examples = f > 0 ? await examplesWhere(ctx, c, condition) : [];
          return result(check, { ok, observed, expected: `>= ${minShare} of present values`, failingCount: f, examples });
        },
      };
    }
    case 'min_between':
    case 'max_between':
    case 'mean_between':
    case 'stddev_between': {
      const c = col(check.column);
      const lo = bound(ctx, c, check.min, 'min');
      const hi = bound(ctx, c, check.max, 'max');
      const x = c.spec.type === 'date' ? `CASE WHEN NOT m${c.index} THEN r${c.index} END` : valueOf(c);
      const stat = { min_between: 'min', max_between: 'max', mean_between: 'avg', stddev_between: 'stddev_pop' }[check.check];
      const outside = check.check === 'min_between' && lo ? `${x} < ${boundSql(lo)}` : check.check === 'max_between' && hi ? `${x} > ${boundSql(hi)}` : undefined;
      let statKey = '';
      let failingKey: string | undefined;
      return {
        first(q) {
          statKey = q.add(`${stat}(${x})`);
          if (outside) failingKey = q.add(`count(*) FILTER (WHERE ${outside})`);
        },
        async finish(v1) {
          const value = v1[statKey];
          // Days compare as text (yyyy-mm-dd), the rest as numbers (timestamps in epoch ms).
          const v = value as string | number | null | undefined;
          const ok = v !== null && v !== undefined && (!lo || v >= lo.value) && (!hi || v <= hi.value);
          const failing = failingKey === undefined ? null : Number(v1[failingKey]);
          const examples = failing && outside ? await examplesWhere(ctx, c, outside) : [];
          return result(check, { ok, observed: display(c, value), expected: `${stat === 'avg' ? 'mean' : stat === 'stddev_pop' ? 'stddev' : stat} ${between(lo, hi)}`, failingCount: failing, examples });
        },
      };
    }
    case 'outliers': {
      const c = col(check.column);
      const x = valueOf(c);
      const maxShare = check.maxShare ?? 0.01;
      const keys: Record<string, string> = {};
      let condition = '';
      let fence = '';
      return {
        first(q) {
          keys['n'] = q.add(`count(${x})`);
          if (check.method === 'iqr') keys['q'] = q.add(`reservoir_quantile(${x}, [0.25, 0.75], 16384)`);
          else [keys['mean'], keys['sd']] = [q.add(`avg(${x})`), q.add(`stddev_pop(${x})`)];
        },
        second(q, v1) {
          if (check.method === 'iqr') {
            const [q1, q3] = ((v1[keys['q']!] as number[] | null) ?? []).map(Number);
            if (q1 === undefined || q3 === undefined) return;
            const k = check.k ?? 1.5;
            const [lo, hi] = [q1 - k * (q3 - q1), q3 + k * (q3 - q1)];
            condition = `(${x} < ${num(lo)} OR ${x} > ${num(hi)})`;
            fence = `outside [${round(lo, 4)}, ${round(hi, 4)}] (IQR, k=${k})`;
          } else {
            const [mean, sd] = [Number(v1[keys['mean']!]), Number(v1[keys['sd']!])];
            if (!Number.isFinite(mean) || !Number.isFinite(sd) || sd === 0) return;
            const t = check.threshold ?? 3;
            condition = `abs(${x} - ${num(mean)}) > ${num(t * sd)}`;
            fence = `|z| > ${t} (mean ${round(mean, 4)}, stddev ${round(sd, 4)})`;
          }
          keys['out'] = q.add(`count(*) FILTER (WHERE ${condition})`);
        },
        async finish(v1, v2) {
          const n = Number(v1[keys['n']!]);
          const out = keys['out'] === undefined ? 0 : Number(v2[keys['out']]);
          const observed = share(out, n);
          const examples = out > 0 ? await examplesWhere(ctx, c, condition) : [];
          return result(check, { ok: observed === null || observed <= maxShare, observed, expected: `<= ${maxShare} of present values`, failingCount: out, examples, ...(fence ? { note: fence } : {}) });
        },
      };
    }
    case 'row_count':
      return {
        async finish() {
          const n = check.of === 'valid' ? ctx.rowsValid : ctx.rowsIn;
          const parts: string[] = [];
          let ok = true;
          if (check.min !== undefined) {
            ok = ok && n >= check.min;
            parts.push(`>= ${check.min}`);
          }
          if (check.max !== undefined) {
            ok = ok && n <= check.max;
            parts.push(`<= ${check.max}`);
          }
          let note: string | undefined;
          if (check.changeVsPrevious !== undefined) {
            const prev = check.of === 'valid' ? ctx.options.previous?.rowsValid : ctx.options.previous?.rowsIn;
            const expected = `within ${check.changeVsPrevious * 100}% of the previous run`;
            if (prev === undefined) {
              if (parts.length === 0) return skipped(check, expected, 'no previous run given');
              note = 'no previous run given: the change was not checked';
            } else {
              const change = prev === 0 ? (n === 0 ? 0 : Infinity) : Math.abs(n - prev) / prev;
              ok = ok && change <= check.changeVsPrevious;
              parts.push(`${expected} (${prev})`);
              note = `change ${Number.isFinite(change) ? `${round(change * 100, 2)}%` : 'from 0'}`;
            }
          }
          return result(check, { ok, observed: n, expected: parts.join(' and '), ...(note ? { note } : {}) });
        },
      };
    case 'freshness': {
      const c = col(check.column);
      let newestKey = '';
      return {
        first(q) {
          newestKey = q.add(c.spec.type === 'date' ? `max(CASE WHEN NOT m${c.index} THEN r${c.index} END)` : `max(${valueOf(c)})`);
        },
        async finish(v1) {
          const raw = v1[newestKey];
          const expected = `newest value at most ${check.maxAgeHours} h before the end of ${ctx.options.asOf}`;
          if (raw === null || raw === undefined) return result(check, { ok: false, observed: null, expected, note: 'no values' });
          // A day counts as its end: a row dated the as-of day is 0 h old.
          const newest = c.spec.type === 'date' ? Date.parse(`${String(raw)}T00:00:00Z`) + 86_400_000 : Number(raw);
          const ageHours = round((Date.parse(`${ctx.options.asOf}T00:00:00Z`) + 86_400_000 - newest) / 3_600_000, 2);
          return result(check, { ok: ageHours <= check.maxAgeHours, observed: ageHours, expected, note: `newest ${display(c, raw)}` });
        },
      };
    }
    case 'duplicates':
      return {
        async finish() {
          const maxShare = check.maxShare ?? 0;
          let count = ctx.keyRepeats;
          let note = `rows repeating an earlier row's key (${ctx.key.map((k) => k.name).join(', ')})`;
          if (check.mode === 'exact') {
            const cells = ['_txt', ...[...ctx.columns.values()].map((c) => `r${c.index}`)];
            const [row] = await ctx.session.rows<{ dups: number }>(
              `SELECT coalesce(sum(n - 1), 0) AS dups FROM (SELECT count(*) AS n FROM chk WHERE NOT _sup GROUP BY hash(${cells.join(', ')}) HAVING count(*) > 1)`,
            );
            count = row?.dups ?? 0;
            note = 'rows equal to an earlier row in every column (64-bit row hash)';
          }
          const observed = share(count, ctx.rowsIn) ?? 0;
          return result(check, { ok: observed <= maxShare, observed, expected: `<= ${maxShare} of rows read`, failingCount: count, note });
        },
      };
    case 'references': {
      const c = col(check.column);
      const target = `${check.references.source}.${check.references.column}`;
      return {
        async finish() {
          const minShare = check.minShare ?? 1;
          const expected = `>= ${minShare} of present values found in ${target}`;
          const keys = ctx.options.referencedKeys?.[target];
          if (keys === undefined) return skipped(check, expected, `no keys of ${target} given`);
          const table = await loadReferencedKeys(ctx.session, keys, `ref_${check.name.replace(/[^A-Za-z0-9_]/g, '_')}`);
          const orphans = `FROM valid ANTI JOIN ${ident(table)} AS ref ON valid.r${c.index} = ref.k WHERE NOT valid.m${c.index}`;
          const [row] = await ctx.session.rows<{ present: number; missing: number }>(
            `SELECT (SELECT count(*) FROM valid WHERE NOT m${c.index}) AS present, (SELECT count(*) ${orphans}) AS missing`,
          );
          const [present, missing] = [row?.present ?? 0, row?.missing ?? 0];
          const observed = share(present - missing, present);
          const examples = missing === 0 ? [] : await ctx.session.rows<{ value: string }>(
            `SELECT DISTINCT valid.r${c.index} AS value ${orphans} ORDER BY value LIMIT ${ctx.examples}`,
          );
          return result(check, { ok: observed === null || observed >= minShare, observed, expected, failingCount: missing, examples: examples.map((e) => ({ value: e.value })) });
        },
      };
    }
    case 'psi': {
      const c = col(check.column);
      const reference = ctx.options.reference?.[check.column];
      const [warnAbove, failAbove] = [check.warnAbove ?? 0.1, check.failAbove ?? 0.25];
      const expected = `< ${warnAbove} (warn above), < ${failAbove} (fail above)`;
      const numeric = c.spec.type === 'integer' || c.spec.type === 'number';
      const x = valueOf(c);
      let key: string | undefined;
      return {
        first(q) {
          if (!reference || (reference.kind === 'numeric') !== numeric) return;
          key = reference.kind === 'numeric'
            ? q.add(binHistogramSql(x, reference.edges))
            : q.add(`histogram(${c.spec.type === 'boolean' ? `${x}::VARCHAR` : x})`);
        },
        async finish(v1) {
          if (!reference) return skipped(check, expected, `no reference profile for ${check.column}`);
          if (key === undefined) return skipped(check, expected, `the reference of ${check.column} is ${reference.kind}, the column is not`);
          const counts = v1[key] as Array<{ key: unknown; value: unknown }> | null;
          if (!counts || counts.length === 0) return result(check, { ok: false, observed: null, expected, note: 'no values to compare' });
          const psi = reference.kind === 'numeric'
            ? numericPsi(reference, sharesOfBins(binCounts(counts, reference.edges), reference.shares.length))
            : categoricalPsi(reference, sharesOfCategories(counts));
          const level = psi > failAbove ? (check.severity === 'warn' ? 'warn' : 'fail') : psi > warnAbove ? 'warn' : 'pass';
          return result(check, { ok: level === 'pass', observed: round(psi), expected, status: level });
        },
      };
    }
  }
}
