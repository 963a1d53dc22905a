import { describe, expect, it } from 'vitest';
import { inlineParameter } from './inline-parameter';

const L = "'2026-01-01'";

describe('inlineParameter', () => {
  it('replaces every $1 token', () => {
    expect(inlineParameter('SELECT * FROM t WHERE u > $1 OR v >= $1 ORDER BY u', L)).toEqual({
      sql: `SELECT * FROM t WHERE u > ${L} OR v >= ${L} ORDER BY u`,
      replaced: 2,
    });
    expect(inlineParameter('SELECT * FROM t WHERE u>$1::timestamptz', L).sql).toBe(`SELECT * FROM t WHERE u>${L}::timestamptz`);
    expect(inlineParameter('SELECT * FROM t WHERE (u,$1)=(1,2)', L).sql).toBe(`SELECT * FROM t WHERE (u,${L})=(1,2)`);
  });

  it('leaves $1 alone inside strings, quoted identifiers, comments and identifiers', () => {
    const untouched = [
      "SELECT '$1', 'it''s $1', E'\\' $1', e'x\\'' FROM t",
      'SELECT "$1", "a""$1" FROM t',
      'SELECT 1 -- $1\nFROM t',
      'SELECT /* $1 /* nested $1 */ still $1 */ 1',
      'SELECT $$ $1 $$, $tag$ $1 $x$ $1 $tag$ FROM t',
      'SELECT a$1, b$1c FROM t',
      "SELECT U&'$1' FROM t",
    ];
    for (const sql of untouched) expect(inlineParameter(sql, L)).toEqual({ sql, replaced: 0 });
  });

  it('a plain string ending in a backslash ends there (standard-conforming strings)', () => {
    expect(inlineParameter("SELECT 'a\\' WHERE u > $1", L)).toEqual({ sql: `SELECT 'a\\' WHERE u > ${L}`, replaced: 1 });
    // But an E'' string's backslash escapes the quote: the string goes on.
    expect(inlineParameter("SELECT E'a\\' WHERE u > $1'", L).replaced).toBe(0);
    // WHERE'x' is the keyword and a plain string, not an E'' string.
    expect(inlineParameter("SELECT 1 WHERE'\\' = $1", L).replaced).toBe(1);
  });

  it('after a comment or string, $1 counts again; $10 and $2 are refused', () => {
    expect(inlineParameter("SELECT '--' AS x, $1 /* a */ AS y", L).sql).toBe(`SELECT '--' AS x, ${L} /* a */ AS y`);
    expect(() => inlineParameter('SELECT $1, $2', L)).toThrow(/only the parameter \$1/);
    expect(() => inlineParameter('SELECT $10', L)).toThrow(/found \$10/);
  });

  it('unterminated quotes and comments swallow the rest, as Postgres would (it then reports them)', () => {
    expect(inlineParameter("SELECT 'abc $1", L).replaced).toBe(0);
    expect(inlineParameter('SELECT /* $1', L).replaced).toBe(0);
    expect(inlineParameter('SELECT $a$ $1', L).replaced).toBe(0);
  });
});
