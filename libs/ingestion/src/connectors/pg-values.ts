import pg from 'pg';

const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const NUMERIC = 1700;

// With the session in UTC, timestamptz text is '2026-10-31 12:00:00.123456+00'.
const UTC_TEXT = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)\+00$/;

function significantDigits(text: string): number {
  return text.replace(/^[-+]?0*/, '').replace('.', '').replace(/^0+/, '').length;
}

/**
 * How row values become JSON: temporal values stay text in ISO form with
 * their full precision (no JS Date: no local-time shift of dates, no lost
 * microseconds in watermarks); int8 and numeric become numbers when a double
 * holds them exactly, else stay strings.
 */
export const rowValueTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as (value: string) => unknown;
    switch (oid) {
      case DATE:
        return (v) => v;
      case TIMESTAMP:
        return (v) => v.replace(' ', 'T');
      case TIMESTAMPTZ:
        return (v) => {
          const m = UTC_TEXT.exec(v);
          return m ? `${m[1]}T${m[2]}Z` : v;
        };
      case INT8:
        return (v) => (Number.isSafeInteger(Number(v)) ? Number(v) : v);
      case NUMERIC:
        return (v) => (/^[-+]?\d+(\.\d+)?$/.test(v) && significantDigits(v) <= 15 ? Number(v) : v);
      default:
        return pg.types.getTypeParser(oid, 'text') as (value: string) => unknown;
    }
  },
};
