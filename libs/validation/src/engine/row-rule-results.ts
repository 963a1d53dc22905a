import type { ColumnSql } from './column-sql';
import type { Session } from './duckdb-session';
import type { CheckResult, FailingExample } from './engine-types';
import type { LoadedInput } from './build-checked';
import type { InputRejects } from './write-outputs';

interface RuleRow {
  column: string;
  rule: string;
  n: number;
  ex: Array<{ input: number; line: number; value: string | null }>;
}

/**
 * One result per row rule (column and rule, key duplicates, reader rejects,
 * lines that are no JSON object), counted over every row read, with failing
 * examples; and the failures by rule of each column for its profile.
 */
export async function rowRuleResults(
  session: Session,
  columns: readonly ColumnSql[],
  key: readonly ColumnSql[],
  loaded: { inputs: LoadedInput[]; rejects: InputRejects[] },
  rejected: number,
  examples: number,
  withInput: boolean,
): Promise<{ results: CheckResult[]; invalidByColumn: Record<string, Record<string, number>> }> {
  const parts = columns.map(
    (c) => `SELECT ${c.index} AS col, e${c.index} AS rule, count(*) AS n,
      list({'input': _input, 'line': _line, 'value': r${c.index}} ORDER BY _ord)[1:${examples}] AS ex
      FROM issues WHERE e${c.index} IS NOT NULL GROUP BY ALL`,
  );
  parts.push(`SELECT -1 AS col, 'duplicate-key' AS rule, count(*) AS n,
      list({'input': _input, 'line': _line, 'value': ${key.length > 0 ? `concat_ws('/', ${key.map((k) => `r${k.index}`).join(', ')})` : 'NULL::VARCHAR'}} ORDER BY _ord)[1:${examples}] AS ex
      FROM issues WHERE _dup`);
  parts.push(`SELECT -2 AS col, 'json' AS rule, count(*) AS n,
      list({'input': _input, 'line': _line, 'value': left(_txt, 200)} ORDER BY _ord)[1:${examples}] AS ex FROM issues WHERE _rowerr IS NOT NULL`);
  const rows = await session.rows<Omit<RuleRow, 'column'> & { col: number }>(parts.join('\nUNION ALL\n'));
  const found = new Map<string, RuleRow>();
  for (const r of rows) {
    const column = r.col >= 0 ? columns[r.col]!.name : r.col === -1 ? (key[0]?.name ?? '') : '';
    found.set(`${r.col}:${r.rule}`, { ...r, column });
  }
  const invalidByColumn: Record<string, Record<string, number>> = {};
  const results: CheckResult[] = [];
  const toExamples = (ex: RuleRow['ex'] | undefined): FailingExample[] =>
    (ex ?? []).map((e) => ({ ...(withInput ? { input: e.input } : {}), line: e.line, value: e.value }));
  const push = (name: string, rule: string, severity: 'error' | 'warn', expected: string, row: RuleRow | undefined, column?: string, n?: number) => {
    const failing = n ?? row?.n ?? 0;
    results.push({
      name,
      check: rule,
      level: 'row',
      ...(column ? { column } : {}),
      severity,
      status: failing === 0 ? 'pass' : severity === 'error' ? 'fail' : 'warn',
      observed: failing,
      expected,
      failingCount: failing,
      ...(row?.ex && row.ex.length > 0 ? { examples: toExamples(row.ex) } : {}),
    });
  };
  for (const c of columns) {
    const severity = c.spec.severity === 'warn' ? 'warn' : 'error';
    invalidByColumn[c.name] = {};
    for (const rule of c.rules) {
      const row = found.get(`${c.index}:${rule}`);
      if (row) invalidByColumn[c.name]![rule] = row.n;
      push(`${c.name}.${rule}`, rule, severity, `0 rows: ${c.messages[rule]}`, row, c.name);
    }
  }
  if (key.length > 0) push('key.duplicate-key', 'duplicate-key', 'error', `0 rows repeating the key (${key.map((k) => k.name).join(', ')}) of a valid row`, found.get('-1:duplicate-key'), key[0]!.name);
  if (loaded.inputs.some((i) => i.format === 'csv')) {
    const ex = loaded.rejects.flatMap((r) => r.rows.map((row) => ({ input: r.input, line: row.line, value: row.text.slice(0, 200) }))).slice(0, examples);
    push('row.column-count', 'column-count', 'error', '0 rows with more or fewer fields than the header', { column: '', rule: 'column-count', n: rejected, ex }, undefined, rejected);
  }
  if (loaded.inputs.some((i) => i.format === 'ndjson')) push('row.json', 'json', 'error', '0 lines that are not a JSON object', found.get('-2:json'));
  return { results, invalidByColumn };
}
