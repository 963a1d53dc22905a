const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Where the quoted text opened at `start` (a quote character) ends, just past its closing quote. */
function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2; // '' or "" stands for one quote
    } else i += 1;
  }
  return sql.length; // unterminated: Postgres reports it
}

/** Just past the comment opened by the slash-star at `start` (these comments nest in Postgres). */
function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return sql.length;
}

/**
 * Replaces the parameter `$1` of `sql` with `literal` (an already escaped SQL
 * literal, from pg's `escapeLiteral`), token by token as Postgres lexes them:
 * `$1` inside string constants ('', E'', dollar-quoted), quoted identifiers,
 * comments or an identifier such as `a$1` stays as written. Needed because
 * COPY takes no bind parameters. An untyped literal ('...') resolves its type
 * from its context exactly as an untyped `$1` does. Returns the new text and
 * how many `$1` it replaced; any other parameter (`$2`...) is refused.
 */
export function inlineParameter(sql: string, literal: string): { sql: string; replaced: number } {
  let out = '';
  let copiedUpTo = 0;
  let replaced = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const previous = i > 0 ? (sql[i - 1] as string) : '';
    if (c === "'") {
      // E'...' (or e'...') strings take backslash escapes; the E must start its token.
      const escapes = (previous === 'E' || previous === 'e') && (i < 2 || !IDENT_CHAR.test(sql[i - 2] as string));
      i = endOfQuoted(sql, i, "'", escapes);
    } else if (c === '"') i = endOfQuoted(sql, i, '"', false);
    else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') i = endOfBlockComment(sql, i);
    else if (c === '$' && !IDENT_CHAR.test(previous)) {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (digits) {
        if (digits[1] !== '1') throw new Error(`only the parameter $1 (the watermark) is supported, found $${digits[1]}`);
        out += sql.slice(copiedUpTo, i) + literal;
        replaced += 1;
        i += digits[0].length;
        copiedUpTo = i;
        continue;
      }
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? sql.length : close + tag[0].length;
      } else i += 1;
    } else if (IDENT_CHAR.test(c)) {
      // Whole words at once, so a '$' inside one (a$1) never starts a token.
      while (i < sql.length && IDENT_CHAR.test(sql[i] as string)) i += 1;
    } else i += 1;
  }
  return { sql: out + sql.slice(copiedUpTo), replaced };
}
