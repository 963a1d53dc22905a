/**
 * SQL macros that read text the way JSON Schema does (ajv with ajv-formats'
 * full formats, as the suites promise): strict numbers, `date`, `date-time` (as epoch
 * milliseconds), `email` and `uuid`. Common shapes take a fast path without
 * regular expressions; everything else goes through an exact RE2 pattern.
 * format-sql.test.ts compares each macro with ajv on tricky values.
 */

// JavaScript's \s in RE2 syntax (ajv-formats splits a date-time on t, T or \s).
const JS_WS = '\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';

// A strict decimal number (no hex, no Infinity, no blanks), as format-sql.test.ts's NUMBER_RE.
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const FAST_UTC = '\\d{4}-\\d{2}-\\d{2}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,3})?Z';
const DATE_TIME = `^(\\d{4}-\\d{2}-\\d{2})[tT${JS_WS}](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:([zZ])|([+-])(\\d{2})(?::?(\\d{2}))?)$`;
// ajv-formats' email with /i spelled out as ASCII classes (JavaScript's non-unicode /i folds ASCII only).
const ATOM = "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
export const EMAIL_PATTERN = `${ATOM}+(?:\\.${ATOM}+)*@(?:${LABEL}\\.)+${LABEL}`;
export const UUID_PATTERN = '(?:[uU][rR][nN]:[uU][uU][iI][dD]:)?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}';

const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const int = (s: string): string => `coalesce(TRY_CAST(nullif(${s}, '') AS BIGINT), 0)`;

/** CREATE MACRO statements the engine runs once per session. RE2 is far cheaper here than DuckDB's string slicing. */
export const FORMAT_MACROS: readonly string[] = [
  // Strict number -> DOUBLE (infinite for 1e999: callers reject non-finite values), NULL when the text is no plain number.
  `CREATE MACRO churn_num(t) AS CASE WHEN regexp_full_match(t, ${q(NUMBER)}) THEN TRY_CAST(t AS DOUBLE) END`,
  // yyyy-mm-dd naming a real day (year 0000 included, as ajv-formats).
  `CREATE MACRO churn_date_ok(t) AS regexp_full_match(t, '\\d{4}-\\d{2}-\\d{2}') AND TRY_CAST(t AS DATE) IS NOT NULL`,
  `CREATE MACRO churn_leap_ok(h, mi, s, sg, th, tm) AS
     (h - th * sg - CASE WHEN mi - tm * sg < 0 THEN 1 ELSE 0 END) IN (23, -1) AND (mi - tm * sg) IN (59, -1) AND s < 61`,
  `CREATE MACRO churn_ts_parts(p) AS CASE
     WHEN p.d = '' OR NOT churn_date_ok(p.d) THEN NULL
     WHEN ${int('p.th')} > 23 OR ${int('p.tm')} > 59 THEN NULL
     WHEN NOT (p.h::INT <= 23 AND p.mi::INT <= 59 AND p.s::INT < 60)
       AND NOT churn_leap_ok(p.h::INT, p.mi::INT, p.s::INT, CASE WHEN p.sg = '-' THEN -1 ELSE 1 END, ${int('p.th')}, ${int('p.tm')}) THEN NULL
     ELSE (CAST(p.d AS DATE) - DATE '1970-01-01')::BIGINT * 86400000 + p.h::BIGINT * 3600000 + p.mi::BIGINT * 60000 + p.s::BIGINT * 1000
       + rpad(left(p.f, 3), 3, '0')::BIGINT
       - CASE WHEN p.sg = '-' THEN -1 ELSE 1 END * (${int('p.th')} * 60 + ${int('p.tm')}) * 60000
   END`,
  // ISO-8601 date-time with a zone -> epoch ms (fraction truncated to ms), NULL when ajv-formats' date-time rejects it.
  // The common UTC shape is cast directly (hours below 24: DuckDB reads 24:00:00 as the next midnight, ajv rejects it).
  // CASE, not coalesce: coalesce evaluates the exact path on every row.
  `CREATE MACRO churn_ts_ms(t) AS CASE
     WHEN regexp_full_match(t, ${q(FAST_UTC)}) THEN epoch_ms(TRY_CAST(t AS TIMESTAMP))
     ELSE churn_ts_parts(regexp_extract(t, ${q(DATE_TIME)}, ['d', 'h', 'mi', 's', 'f', 'z', 'sg', 'th', 'tm'])) END`,
  `CREATE MACRO churn_email_ok(t) AS regexp_full_match(t, ${q(EMAIL_PATTERN)})`,
  `CREATE MACRO churn_uuid_ok(t) AS regexp_full_match(t, ${q(UUID_PATTERN)})`,
];
