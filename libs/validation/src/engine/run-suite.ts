import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asOfProblem } from '../suites/bounds';
import type { HeaderProblem } from '../validation-issue';
import { AggregateQuery } from './aggregate-query';
import { buildChecked, type LoadedInput, markKeyDuplicates } from './build-checked';
import { columnMappingProblems, type ResolvedMapping, resolveMapping } from './column-mapping';
import { ident } from './sql';
import { type CheckContext, planCheck } from './check-plans';
import { type ColumnSql, compileColumn } from './column-sql';
import { openSession, type Session } from './duckdb-session';
import { engineErrors } from './engine-errors';
import type { CheckResult, ColumnProfile, RunSuiteOptions, SuiteRunResult } from './engine-types';
import { type CsvScan, csvRejects, prepareCsv } from './load-csv';
import { loadNdjson } from './load-ndjson';
import { memoryLimitProblem } from './memory-limit';
import { planProfile } from './profile-plan';
import { rowRuleResults } from './row-rule-results';
import { collectIssues, defineLines, type InputRejects, writeQuarantine, writeValid } from './write-outputs';

interface Loaded {
  inputs: LoadedInput[];
  rejects: InputRejects[];
  headerProblems: HeaderProblem[];
  extras: string[];
}

async function loadInputs(session: Session, options: RunSuiteOptions, names: readonly string[], mapping: ResolvedMapping): Promise<Loaded & { scans: Map<number, CsvScan> }> {
  const out: Loaded & { scans: Map<number, CsvScan> } = { inputs: [], rejects: [], headerProblems: [], extras: [], scans: new Map() };
  const seen = new Set<string>();
  const report = (problems: HeaderProblem[]) => {
    for (const p of problems) {
      // A shadowed raw column is reported under a suite column's name: it is not read, so it rides along with nothing.
      if (p.rule === 'unknown-column' && !names.includes(p.column) && !out.extras.includes(p.column)) out.extras.push(p.column);
      const id = `${p.rule}:${p.column}:${p.rawColumn ?? ''}`;
      if (!seen.has(id)) out.headerProblems.push(p);
      seen.add(id);
    }
  };
  for (const [index, input] of options.inputs.entries()) {
    if (input.format === 'csv') {
      const scan = await prepareCsv(input.path, `in${index}`, names, mapping, options.csv);
      out.scans.set(index, scan);
      out.inputs.push({ index, format: 'csv', from: scan.from, header: scan.header, delivery: input.delivery ?? 0 });
      report(scan.headerProblems);
    } else {
      const ndjson = await loadNdjson(session, input.path, `in${index}`, names, mapping);
      out.inputs.push({ index, format: 'ndjson', from: ident(ndjson.table), delivery: input.delivery ?? 0 });
      report(ndjson.headerProblems);
    }
  }
  // NDJSON properties outside the suite are only reported: they are not columns of the table.
  out.extras = out.extras.filter((c) => out.inputs.some((i) => i.header?.includes(c)));
  return out;
}

/** Scans every input into `chk`, then reads what the CSV reader rejected (fatal for broken quoting or encoding). */
async function checkInputs(session: Session, options: RunSuiteOptions, loaded: Loaded & { scans: Map<number, CsvScan> }, columns: readonly ColumnSql[]): Promise<void> {
  try {
    await buildChecked(session, loaded.inputs, columns, loaded.extras);
  } catch (err) {
    const csv = options.inputs.find((i) => i.format === 'csv' && (err as Error).message.includes(i.path));
    if (csv) throw engineErrors.malformedCsv(csv.path, undefined, (err as Error).message.split('\n')[0]!);
    throw err;
  }
  for (const [index, scan] of loaded.scans) {
    const rows = await csvRejects(session, options.inputs[index]!.path, scan);
    loaded.rejects.push({ input: index, header: scan.cellNames, rows });
  }
}

/** Runs the aggregate scans of the profile and the checks, then every verdict. */
async function measure(
  ctx: CheckContext,
  columns: readonly ColumnSql[],
  invalid: Record<string, Record<string, number>>,
  phase: (name: string) => void,
): Promise<{ checks: CheckResult[]; profile: Record<string, ColumnProfile> }> {
  const { suite } = ctx.options;
  // A column compared by PSI gets the histogram a later run compares with, whatever its cardinality.
  const psiBins = new Map<string, number>();
  for (const c of suite.checks) if (c.check === 'psi') psiBins.set(c.column, Math.max(psiBins.get(c.column) ?? 0, c.bins ?? 10));
  const profiles = columns.map((c) => planProfile(c, psiBins.has(c.name), psiBins.get(c.name) ?? 10));
  const plans = suite.checks.map((check) => planCheck(check, ctx));
  const first = new AggregateQuery();
  for (const p of profiles) p.first(first);
  for (const p of plans) p.first?.(first);
  const v1 = await first.run(ctx.session, 'valid');
  phase('firstScan');
  const second = new AggregateQuery();
  for (const p of profiles) p.second(second, v1);
  for (const p of plans) p.second?.(second, v1);
  const v2 = await second.run(ctx.session, 'valid');
  phase('secondScan');
  const profile: Record<string, ColumnProfile> = {};
  columns.forEach((c, i) => {
    profile[c.name] = profiles[i]!.finish(v1, v2, invalid[c.name] ?? {});
  });
  const checks: CheckResult[] = [];
  for (const p of plans) checks.push(await p.finish(v1, v2));
  phase('verdicts');
  return { checks, profile };
}

/**
 * Validates one source's local files against its expectation suite in an
 * in-process DuckDB: loads every column as text, applies the row rules in SQL
 * (failing rows are quarantined with their reasons, warn rules only flag),
 * drops key duplicates (first valid row wins), computes every check and a
 * profile of every column, and writes the valid rows (NDJSON and/or Parquet)
 * and the quarantine (NDJSON) to `outDir`. Malformed files fail with a
 * non-retriable PlatformError naming file and line; bad options with
 * CHURN_VALIDATION_INVALID_OPTIONS.
 */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteRunResult> {
  const started = performance.now();
  const { suite } = options;
  const problem = asOfProblem(options.asOf);
  if (problem) throw engineErrors.badRun(problem, { asOf: options.asOf });
  if (options.inputs.length === 0) throw engineErrors.badRun(`no input files for ${suite.source}`, { source: suite.source });
  const mappingProblems = columnMappingProblems(options.columns ?? {});
  if (mappingProblems.length > 0) {
    const problems = mappingProblems.map((p) => `columns.${p.path.join('.')}: ${p.reason}`);
    throw engineErrors.badRun(`bad column mapping of ${suite.source}: ${problems.join('; ')}`, { source: suite.source, problems });
  }
  const mapping = resolveMapping(options.columns);
  const threads = options.threads ?? 1;
  const names = Object.keys(suite.columns);
  const columns = names.map((name, i) => compileColumn(name, suite.columns[name]!, i, options.asOf));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const key = suite.key.map((k) => byName.get(k)!);
  await mkdir(options.outDir, { recursive: true });
  const memoryProblem = options.memoryLimit === undefined ? undefined : memoryLimitProblem(options.memoryLimit);
  if (memoryProblem) throw engineErrors.badRun(`memoryLimit ${memoryProblem}`, { memoryLimit: options.memoryLimit });
  const spillDirectory = await mkdtemp(join(tmpdir(), 'churn-validation-spill-'));
  let session: Session;
  try {
    session = await openSession({ threads, spillDirectory, ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}) });
  } catch (err) {
    await rm(spillDirectory, { recursive: true, force: true });
    throw err;
  }
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  try {
    const loaded = await loadInputs(session, options, names, mapping);
    await checkInputs(session, options, loaded, columns);
    phase('loadAndRowRules');
    const keyRepeats = await markKeyDuplicates(session, key, new Set(options.inputs.map((i) => i.delivery ?? 0)).size);
    phase('keys');
    await defineLines(session, loaded.rejects);
    await session.exec('CREATE VIEW valid AS SELECT *, rowid AS _ord FROM chk WHERE _ok AND NOT _dup AND NOT _sup');

    const outputs: SuiteRunResult['outputs'] = { valid: {}, quarantine: join(options.outDir, 'quarantine.ndjson') };
    for (const format of options.validFormats ?? ['ndjson']) {
      const path = join(options.outDir, `valid.${format}`);
      await writeValid(session, columns, path, format);
      outputs.valid[format] = path;
    }
    phase('validOutput');
    await collectIssues(session, columns);
    const rejected = loaded.rejects.reduce((n, r) => n + r.rows.length, 0);
    const quarantined = await writeQuarantine(session, columns, key, loaded.extras, loaded.rejects, outputs.quarantine, options.inputs.length > 1, options.columns);
    const [counts] = await session.rows<{ rows: number; valid: number; superseded: number; flagged: number }>(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE _ok AND NOT _dup AND NOT _sup) AS valid, count(*) FILTER (WHERE _sup) AS superseded,
        (SELECT count(*) FROM issues WHERE _ok AND NOT _dup) AS flagged FROM chk`,
    );
    const rowsIn = (counts?.rows ?? 0) + rejected;
    const rowsValid = counts?.valid ?? 0;
    const examples = options.examples ?? 5;
    phase('quarantine');
    const rowChecks = await rowRuleResults(session, columns, key, loaded, rejected, examples, options.inputs.length > 1);
    const ctx: CheckContext = { session, options, columns: byName, key, rowsIn, rowsValid, keyRepeats, examples };
    phase('rowRuleCounts');
    const { checks, profile } = await measure(ctx, columns, rowChecks.invalidByColumn, phase);
    const all = [...rowChecks.results, ...checks];
    const batch = checks.some((c) => c.status === 'fail') ? 'fail' : all.some((c) => c.status === 'warn' || c.status === 'fail') ? 'warn' : 'pass';
    const [version] = await session.rows<{ v: string }>('SELECT version() AS v');
    return {
      source: suite.source,
      asOf: options.asOf,
      status: batch,
      rowsIn,
      rowsValid,
      rowsQuarantined: quarantined,
      rowsSuperseded: counts?.superseded ?? 0,
      rowsFlagged: counts?.flagged ?? 0,
      headerProblems: loaded.headerProblems,
      checks: all,
      profile,
      outputs,
      engine: { name: 'duckdb', version: version?.v ?? 'unknown', threads, millis: Math.round(performance.now() - started), phases },
    };
  } catch (err) {
    // DuckDB reports exhausted memory (spilling included) as an "Out of Memory Error".
    if (err instanceof Error && err.message.startsWith('Out of Memory Error')) throw engineErrors.outOfMemory(suite.source, options.memoryLimit, err);
    throw err;
  } finally {
    session.close();
    await rm(spillDirectory, { recursive: true, force: true });
  }
}
