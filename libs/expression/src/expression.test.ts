import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { identifiersOf, parseExpression } from './expression';
import { toSql } from './to-sql';

const column = (name: string) => `"${name}"`;

async function evaluate(text: string, row: Record<string, string>): Promise<unknown> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const select = Object.entries(row).map(([k, v]) => `${v} AS "${k}"`).join(', ');
    const reader = await connection.runAndReadAll(`SELECT ${toSql(parseExpression(text), column)} AS v FROM (SELECT ${select || '1 AS one'})`);
    return reader.getRowObjectsJS()[0]!.v;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('expression language', () => {
  it('names what an expression reads', () => {
    expect([...identifiersOf(parseExpression("if(a < T, round(b / 2, 2), coalesce(c, -1)) + one_of(d, 'x', 'y')"))].sort()).toEqual(['T', 'a', 'b', 'c', 'd']);
  });

  it.each([
    ['constructor.prototype', 'member expressions are not allowed'],
    ['eval("1")', 'unknown function eval()'],
    ['a = 1', 'Unexpected "="'],
    ['a === 1', 'operator === is not allowed'],
    ['[1, 2]', 'array expressions are not allowed'],
    ['round(a, b)', 'round() takes a whole number of decimal places'],
    ['min(a)', 'min() takes 2 to 16 arguments, got 1'],
    ['a +', 'Expected expression'],
  ])('refuses %s', (text, reason) => {
    expect(() => parseExpression(text)).toThrow(reason);
  });

  it.each([
    ['a / b', { a: '1', b: '0' }, null],
    ['a / b', { a: '3', b: '2' }, 1.5],
    ['round(a, 2)', { a: '2.345' }, 2.35],
    ["a == 'x' ? 1 : 0", { a: "'x'" }, 1],
    ['coalesce(a, 3)', { a: 'NULL' }, 3],
    ['is_null(a) || a > 2', { a: 'NULL' }, true],
    ["one_of(a, 'p', 'q')", { a: "'q'" }, true],
    ['min(a, 30) - max(b, 1)', { a: '45', b: '-2' }, 29],
    ["days_between(a, b)", { a: "DATE '2026-01-01'", b: "DATE '2026-01-31'" }, 30],
    ['!(a > 1) && a != 0', { a: '1' }, true],
  ])('%s on %o gives %s', async (text, row, expected) => {
    const value = await evaluate(text, row);
    expect(typeof value === 'bigint' ? Number(value) : value).toEqual(expected);
  });

  it('rounds like Math.round', async () => {
    for (const x of [0.125, 1.005, -1.005, 12.3449, 2.5, -2.5, -2.345, -0.4, 1234.5678]) {
      expect((await evaluate('round(a, 2)', { a: `${x}::DOUBLE` })) as number + 0).toBe(Math.round(x * 100) / 100 + 0);
    }
  });
});
