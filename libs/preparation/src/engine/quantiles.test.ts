import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@churn/duckdb';
import { openTestSession } from '../test-support';
import { exactQuantiles } from './quantiles';

let session: Session;
beforeAll(async () => {
  session = await openTestSession();
  await session.exec('SELECT setseed(0.25)');
  // Columns of 300,000 rows: spread doubles with ties, integers, one value, two values, mostly nulls, a dense
  // cluster with one far outlier (a bucket too large to sort, split again), signed values and 0/1 flags.
  await session.exec(`CREATE TABLE t AS SELECT
      round(random() * 1000, 2) AS spread,
      CAST(floor(random() * 20) AS BIGINT) AS ints,
      42.5 AS one,
      CASE WHEN i % 3 = 0 THEN -1.25 ELSE 7 END AS two,
      CASE WHEN i % 1000 = 0 THEN random() END AS sparse,
      CASE WHEN i = 7 THEN 1e12 ELSE random() END AS outlier,
      (random() - 0.5) * 1e-6 AS tiny,
      CAST(random() < 0.3 AS INTEGER) AS flag,
      CAST(NULL AS DOUBLE) AS none
    FROM range(300000) r(i)`);
});
afterAll(() => session.close());

describe('exactQuantiles', () => {
  const columns = ['spread', 'ints', 'one', 'two', 'sparse', 'outlier', 'tiny', 'flag'];
  const qs = [0, 0.001, 0.25, 0.3, 0.5, 0.75, 0.999, 1];

  it("gives quantile_cont's doubles, bit for bit", async () => {
    const got = await exactQuantiles(session, 't', columns.map((c) => ({ expr: c, qs })));
    const [row] = await session.rows<Record<string, number[]>>(`SELECT ${columns.map((c) => `quantile_cont(CAST(${c} AS DOUBLE), [${qs.join(', ')}]) AS ${c}`).join(', ')} FROM t`);
    expect(Object.fromEntries(columns.map((c, i) => [c, got[i]]))).toEqual(row);
  });

  it('gives null for an expression without values, and works on expressions', async () => {
    expect(await exactQuantiles(session, 't', [{ expr: 'none', qs: [0.5] }, { expr: 'CASE WHEN spread > 500 THEN spread END', qs: [0.5] }])).toEqual([
      null,
      [(await session.rows<{ m: number }>('SELECT median(CASE WHEN spread > 500 THEN spread END) AS m FROM t'))[0]!.m],
    ]);
  });
});
