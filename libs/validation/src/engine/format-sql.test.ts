import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../ajv-instance';
import { isoTimestampMs } from '../suites/iso-time';
import { openSession, type Session } from './duckdb-session';
import { str } from './sql';

// The strict number syntax JSON Schema-minded readers accept: what the SQL macro must agree with.
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
function parseStrictNumber(text: string): number | undefined {
  if (!NUMBER_RE.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const ajv = createAjv();
const ajvFormat = (format: string) => ajv.compile({ type: 'string', format });
const isDate = ajvFormat('date');
const isDateTime = ajvFormat('date-time');
const isEmail = ajvFormat('email');
const isUuid = ajvFormat('uuid');

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(() => session.close());

async function evaluate(expr: (t: string) => string, values: readonly string[]): Promise<unknown[]> {
  const rows = await session.rows<{ i: number; v: unknown }>(
    `SELECT i, ${expr('t')} AS v FROM (VALUES ${values.map((v, i) => `(${i}, ${str(v)})`).join(', ')}) AS x(i, t) ORDER BY i`,
  );
  return rows.map((r) => r.v);
}

const NUMBERS = [
  '0', '12', '-3', '+4', '12.5', '5.', '.5', '+.5', '-.5e3', '1e5', '1E+05', '1e-7', '00012', '1e999', '-1e999', '1_000', ' 12', '12 ',
  '1,5', '12abc', 'abc', '.', '-', '+', 'e5', '1e', '1e+', 'NaN', 'nan', 'Infinity', 'inf', '0x10', '1..2', '1.2.3', '٣', '1e5.5', '--1', '',
];
const DATES = [
  '2026-10-31', '2024-02-29', '2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-01-00', '0000-01-01', '0000-02-29', '1900-02-29',
  '2000-02-29', '2026-1-05', '26-10-31', '2026/10/31', '31/10/2026', '2026-10-31T00:00:00Z', ' 2026-10-31', '2026-10-31 ', 'yesterday', '２０２６-10-31',
  '9999-12-31', '2026-10-3a',
];
const DATE_TIMES = [
  '2026-10-30T23:10:00Z', '2026-10-30t23:10:00z', '2026-10-30 23:10:00Z', '2026-10-30\t23:10:00Z', '2026-10-30\u00a023:10:00Z', '2026-10-30\u200823:10:00Z',
  '2026-10-30\u180e23:10:00Z', '2026-10-30T23:10:00', '2026-10-30T23:10:00+01:00', '2026-10-30T23:10:00+0100', '2026-10-30T23:10:00+01', '2026-10-30T23:10:00-05:30',
  '2026-10-30T23:10:00.5Z', '2026-10-30T23:10:00.123456789Z', '2026-10-30T23:10:00.Z', '2026-10-30T24:00:00Z', '2026-10-30T23:60:00Z', '2026-10-30T23:59:60Z',
  '2026-10-30T22:59:60-01:00', '2026-10-30T23:59:60+00:00', '2026-10-30T00:59:60+01:00', '2026-10-30T12:59:60Z', '2026-10-30T23:10:00+24:00', '2026-10-30T23:10:00+23:60',
  '2026-02-30T10:00:00Z', '0000-01-01T00:00:00Z', '0099-06-01T12:00:00Z', '1970-01-01T00:00:00Z', '2026-10-30TT23:10:00Z', '2026-10-30T23:10Z', 'now',
  '2026-10-30T23:10:00Zjunk', '2026-10-30T1:10:00Z', '2026-10-30T23:10:00.999999Z', '2026-10-30T23:10:00-00:00',
];
const EMAILS = [
  'a@example.com', 'first.last@mail.example', "o'neil+tag@example.org", 'UPPER@EXAMPLE.COM', 'a@b', 'a@b.c', 'a.@example.com', '.a@example.com', 'a..b@example.com',
  'a@-example.com', 'a@example-.com', 'a@exa_mple.com', 'a b@example.com', 'a@example.com ', 'a@exampl\u212a.com', '\u017f@example.com', 'é@example.com',
  'a@@example.com', '@example.com', 'a@', 'a@example..com', 'x@123.456', 'a{b}|c~@x.io',
];
const UUIDS = ['123e4567-e89b-12d3-a456-426614174000', '123E4567-E89B-12D3-A456-426614174000', 'urn:uuid:123e4567-e89b-12d3-a456-426614174000', '123e4567e89b12d3a456426614174000', '123e4567-e89b-12d3-a456-42661417400g', 'URN:UUID:123e4567-e89b-12d3-a456-426614174000'];

describe('format macros agree with ajv-formats and strict numbers', () => {
  it('strict numbers', async () => {
    expect(await evaluate((t) => `CASE WHEN isfinite(churn_num(${t})) THEN churn_num(${t}) END`, NUMBERS)).toEqual(NUMBERS.map((n) => parseStrictNumber(n) ?? null));
  });

  it('dates', async () => {
    expect(await evaluate((t) => `churn_date_ok(${t})`, DATES)).toEqual(DATES.map((d) => isDate(d)));
  });

  it('date-times, with the instant of each', async () => {
    const got = await evaluate((t) => `churn_ts_ms(${t})`, DATE_TIMES);
    expect(got.map((ms) => ms !== null)).toEqual(DATE_TIMES.map((d) => isDateTime(d)));
    expect(got).toEqual(DATE_TIMES.map((d) => isoTimestampMs(d) ?? null));
    // Where V8 can parse the text at all, the instant is V8's (ajv-formats compares bounds with Date).
    DATE_TIMES.forEach((d, i) => {
      const v8 = new Date(d).valueOf();
      if (got[i] !== null && !Number.isNaN(v8)) expect([d, got[i]]).toEqual([d, v8]);
    });
  });

  it('emails and uuids', async () => {
    expect(await evaluate((t) => `churn_email_ok(${t})`, EMAILS)).toEqual(EMAILS.map((e) => isEmail(e)));
    expect(await evaluate((t) => `churn_uuid_ok(${t})`, UUIDS)).toEqual(UUIDS.map((u) => isUuid(u)));
  });
});
