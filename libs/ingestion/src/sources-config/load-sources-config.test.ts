import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadSourcesConfig } from './load-sources-config';

const samplePath = fileURLToPath(new URL('../../../../projects/sample-company/sources.json', import.meta.url));
const sampleEnv = { SAMPLE_DATA_DIR: '/srv/sample', SAMPLE_API_URL: 'http://127.0.0.1:4600' };

function problemsOf(input: string | object, env: Record<string, string> = {}, checkSecrets = false): string[] {
  try {
    loadSourcesConfig(input, { env, checkSecrets });
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'CHURN_INGESTION_INVALID_SOURCES_CONFIG', retriable: false });
    const problems = (err as PlatformError).context.problems as string[];
    // The message names every problem too.
    for (const p of problems) expect((err as Error).message).toContain(p);
    return problems;
  }
  throw new Error('expected the config to be rejected');
}

const rest = (extra: Record<string, unknown> = {}) => ({
  url: 'http://api.local/billing/invoices',
  pagination: { type: 'cursor', cursorParam: 'cursor', nextCursorField: 'next_cursor', itemsField: 'data' },
  ...extra,
});

describe('loadSourcesConfig', () => {
  it('accepts the sample config, interpolating ${VAR} and applying defaults', () => {
    const { sources } = loadSourcesConfig(samplePath, { env: { ...sampleEnv, SAMPLE_API_TOKEN: 't', USAGE_DB_URL: 'postgres://x' }, checkSecrets: true });
    expect(sources.map((s) => [s.name, s.kind, s.enabled])).toEqual([
      ['crm_customers', 'csv', true],
      ['billing_invoices', 'rest', true],
      ['support_tickets', 'rest', true],
      ['cancellations', 'rest', true],
      ['product_usage', 'postgres', true],
    ]);
    const [csv, invoices] = sources;
    expect(csv).toMatchObject({ csv: { location: '/srv/sample/crm_customers.csv', encoding: 'utf-8', delimiter: ',' } });
    expect(invoices).toMatchObject({ rest: { url: 'http://127.0.0.1:4600/billing/invoices', auth: { type: 'bearer', tokenEnv: 'SAMPLE_API_TOKEN' } } });
  });

  it('names an unset interpolation variable with source and field', () => {
    expect(problemsOf(samplePath, { SAMPLE_DATA_DIR: '/d' })).toEqual([
      'sources[1] (billing_invoices).rest.url: environment variable SAMPLE_API_URL is not set',
      'sources[2] (support_tickets).rest.url: environment variable SAMPLE_API_URL is not set',
      'sources[3] (cancellations).rest.url: environment variable SAMPLE_API_URL is not set',
    ]);
  });

  it('with checkSecrets, names each secret variable that is not set', () => {
    expect(problemsOf(samplePath, sampleEnv, true)).toEqual([
      'sources[1] (billing_invoices).rest.auth.tokenEnv: environment variable SAMPLE_API_TOKEN is not set',
      'sources[2] (support_tickets).rest.auth.tokenEnv: environment variable SAMPLE_API_TOKEN is not set',
      'sources[3] (cancellations).rest.auth.tokenEnv: environment variable SAMPLE_API_TOKEN is not set',
      'sources[4] (product_usage).postgres.urlEnv: environment variable USAGE_DB_URL is not set',
    ]);
  });

  it('names each schema problem: unknown tag, unknown field, missing field, wrong type, bad name', () => {
    const problems = problemsOf({
      sources: [
        { name: 'crm_customers', kind: 'csv', csv: { location: 'a.csv' } },
        { name: 'billing_invoices', kind: 'rest', rest: rest({ pagination: { type: 'pages' } }) },
        { name: 'tickets', kind: 'rest', rest: rest({ timeoutMs: 'soon', extra: true }) },
        { name: 'usage', kind: 'postgres', postgres: { query: 'SELECT 1' } },
        { name: 'Bad-Name', kind: 'csv', csv: { location: 'b.csv' } },
        { name: 'feed', kind: 'ftp' },
        { name: 'auth', kind: 'rest', rest: rest({ auth: { type: 'basic' } }) },
      ],
    });
    expect(problems).toEqual([
      'sources[1] (billing_invoices).rest.pagination.type: must be one of cursor, page, offset, link',
      'sources[2] (tickets).rest.extra: unknown field',
      'sources[2] (tickets).rest.timeoutMs: must be integer',
      'sources[3] (usage).postgres.urlEnv: is required',
      'sources[4] (Bad-Name).name: must match pattern "^[a-z][a-z0-9_]*$"',
      'sources[5] (feed).kind: must be one of csv, rest, postgres',
      'sources[6] (auth).rest.auth.type: must be one of bearer, header',
    ]);
  });

  it('names cross-field problems: duplicate names, bad cron, section vs kind, encoding, $1 without incremental', () => {
    const problems = problemsOf({
      sources: [
        { name: 'a', kind: 'csv', schedule: '0 2 * * *', csv: { location: 'a.csv', encoding: 'klingon-8' } },
        { name: 'a', kind: 'csv', schedule: '61 * * * *', csv: { location: 'ftp://host/a.csv' } },
        { name: 'b', kind: 'rest', csv: { location: 'x.csv' } },
        { name: 'c', kind: 'postgres', postgres: { urlEnv: 'DB', query: 'SELECT * FROM t WHERE u > $1' } },
        { name: 'd', kind: 'postgres', postgres: { urlEnv: 'DB', query: 'SELECT * FROM t', incremental: { column: 'u' } } },
        { name: 'e', kind: 'rest', rest: rest({ retry: { attempts: 3, initialDelayMs: 500, maxDelayMs: 100 } }) },
      ],
    });
    expect(problems).toEqual([
      'sources[0] (a).csv.encoding: unknown encoding klingon-8',
      'sources[1] (a).name: duplicates the name of sources[0]',
      expect.stringMatching(/^sources\[1\] \(a\)\.schedule: invalid cron expression "61 \* \* \* \*"/),
      'sources[1] (a).csv.location: unsupported scheme ftp:// (use a path, http(s):// or s3://)',
      'sources[2] (b).csv: is not allowed when kind is rest',
      'sources[2] (b).rest: is required when kind is rest',
      'sources[3] (c).postgres.query: uses $1 but incremental is not set',
      'sources[4] (d).postgres.query: must use $1 for the watermark when incremental is set',
      'sources[5] (e).rest.retry.maxDelayMs: must be >= initialDelayMs',
    ]);
  });

  it('reads a file, and names a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sources-config-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ sources: [{ name: 'x', kind: 'csv', enabled: false, csv: { location: '${DIR:-/tmp}/x.csv' } }] }));
    writeFileSync(join(dir, 'bad.json'), '{ "sources": [');
    expect(loadSourcesConfig(join(dir, 'ok.json'), { env: {} }).sources[0]).toMatchObject({ enabled: false, csv: { location: '/tmp/x.csv' } });
    expect(problemsOf(join(dir, 'bad.json'))[0]).toMatch(/^\(root\): not valid JSON/);
    expect(problemsOf({ sources: 'none', other: 1 })).toEqual(['other: unknown field', 'sources: must be array']);
  });

  it('accepts a columns mapping (rename, drop, types) and names each problem of one', () => {
    const columns = { rename: { customerID: 'customer_id', 'Tenure in Months': 'tenure_in_months' }, drop: ['Notes'], types: { tenure_in_months: 'integer' } };
    const csv = { location: 'x.csv' };
    expect(loadSourcesConfig({ sources: [{ name: 'telco', kind: 'csv', csv, columns }] }, { env: {} }).sources[0]!.columns).toEqual(columns);
    expect(
      problemsOf({
        sources: [
          { name: 'a', kind: 'csv', csv, columns: { rename: { customerID: 'CustomerId', Plan: 'plan', PlanName: 'plan' }, drop: ['Plan', 'Notes'] } },
          { name: 'b', kind: 'csv', csv, columns: { types: { tenure: 'float', Bad: 'string' }, keep: [] } },
        ],
      }),
    ).toEqual([
      'sources[0] (a).columns.rename.customerID: "CustomerId" is not a column name a suite can hold (must match ^[a-z][a-z0-9_]*$)',
      'sources[0] (a).columns.rename.PlanName: renames to "plan" as "Plan" does: two raw columns cannot become one',
      'sources[0] (a).columns.drop.0: "Plan" is both renamed and dropped',
      'sources[1] (b).columns.keep: unknown field',
      'sources[1] (b).columns.types.tenure: must be one of string, integer, number, boolean, date, timestamp',
      'sources[1] (b).columns.types.Bad: "Bad" is not a column name a suite can hold (must match ^[a-z][a-z0-9_]*$)',
    ]);
  });

  it('expands ${PROJECT_DIR} to the project folder it is given, whatever the environment says', () => {
    const input = { sources: [{ name: 'telco', kind: 'csv', csv: { location: '${PROJECT_DIR}/data/telco.csv' } }] };
    expect(loadSourcesConfig(input, { env: { PROJECT_DIR: 'projects/telco' }, projectDir: '/srv/projects/telco' }).sources[0]).toMatchObject({
      csv: { location: '/srv/projects/telco/data/telco.csv' },
    });
    expect(problemsOf(input)).toEqual(['sources[0] (telco).csv.location: environment variable PROJECT_DIR is not set']);
  });
});
