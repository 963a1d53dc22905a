import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './duckdb-session';
import { binCounts, binHistogramSql, binSql, sharesOfBins } from './psi';

let session: Session;
beforeAll(async () => {
  session = await openSession();
  // Values on, just below and just above every edge, integers and doubles, NULLs.
  await session.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
    (-7.0, -7), (-5.0, -5), (-5.000000000000001, -6), (-4.999999999999999, -4), (-0.0, 0), (0.0, 0), (-5e-324, -1), (5e-324, 1),
    (1.0, 1), (0.9999999999999999, 2), (1.0000000000000002, 3), (2.5, 2), (2.4999999999999996, 3), (3.0, 3), (9.99, 9), (10.0, 10),
    (1e300, 1000000), (NULL, NULL), (NULL, 4)) AS v(d, i)`);
});
afterAll(() => session.close());

async function both(column: string, edges: number[]): Promise<[number[], number[]]> {
  const [row] = await session.rows<{ a: Array<{ key: unknown; value: unknown }>; b: Array<{ key: unknown; value: unknown }> }>(
    `SELECT histogram(${binSql(column, edges)}) FILTER (WHERE ${column} IS NOT NULL) AS a, ${binHistogramSql(column, edges)} AS b FROM t`,
  );
  const bins = edges.length - 1;
  const counts = (entries: Array<{ key: number; value: unknown }>) => {
    const out = new Array<number>(bins).fill(0);
    for (const e of entries) out[e.key] = Number(e.value);
    return out;
  };
  return [counts(row!.a.map((e) => ({ key: Number(e.key), value: e.value }))), counts(binCounts(row!.b, edges))];
}

describe('binHistogramSql', () => {
  it('puts every value in the bin binSql gives it (lower edge inclusive), doubles and integers', async () => {
    for (const edges of [[-10, -5, 0, 1, 2.5, 3, 10], [0, 1, 2, 3, 4, 5], [-5, 0.1, 0.2, 0.30000000000000004, 20]]) {
      for (const column of ['d', 'i']) {
        const [expected, actual] = await both(column, edges);
        expect(actual).toEqual(expected);
        expect(actual.reduce((a, b) => a + b, 0)).toBe(column === 'd' ? 17 : 18);
      }
    }
  });

  it('gives the same shares as before through sharesOfBins', async () => {
    const edges = [0, 1, 2, 3, 4, 5];
    const [row] = await session.rows<{ b: Array<{ key: unknown; value: unknown }> }>(`SELECT ${binHistogramSql('i', edges)} AS b FROM t`);
    const shares = sharesOfBins(binCounts(row!.b, edges), 5);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('falls back to computed bins when inner edges repeat or pass 2^53', () => {
    expect(binHistogramSql('x', [0, 1, 1, 2])).toContain('>=');
    expect(binHistogramSql('x', [0, 2 ** 60, 2 ** 61])).toContain('>=');
    expect(binHistogramSql('x', [0, 1, 2])).not.toContain('>=');
  });
});
