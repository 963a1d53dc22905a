/**
 * The standard PDF fonts (Helvetica, Courier) are WinAnsi-encoded: Latin-1 plus
 * a few typographic characters in 0x80-0x9f. Anything else would be drawn as a
 * wrong glyph, so it is replaced before it reaches the renderer.
 */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENT = '?';
// Combining marks left over once a letter is decomposed: "ő" -> "o" + U+030B.
const COMBINING = /[\u0300-\u036f]/g;

const isWinAnsi = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(ch);
};

/**
 * Text the standard fonts can show: composed (NFC), control characters as
 * spaces, a letter outside WinAnsi by its base letter when it has one ("ő" ->
 * "o"), any other character (CJK, emoji, ...) as one "?" per code point.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch.codePointAt(0)! < 0x20 || (ch.codePointAt(0)! >= 0x7f && ch.codePointAt(0)! < 0xa0)) out += ' ';
    else {
      const base = ch.normalize('NFD').replace(COMBINING, '');
      out += base !== '' && base !== ch && [...base].every(isWinAnsi) ? base : REPLACEMENT;
    }
  }
  return out;
}

/** Longest text measured: values are cut to this many characters before any measuring (formatValue cuts at 300). */
const MAX_MEASURED = 400;

/**
 * `text` made safe and cut to fit `width` points, ending in "…" when cut.
 * `measure` is the current font's width of a string (pdfkit's widthOfString).
 */
export function fitText(text: string, width: number, measure: (s: string) => number): string {
  const safe = toWinAnsi(text.length > MAX_MEASURED ? text.slice(0, MAX_MEASURED) : text);
  if (measure(safe) <= width) return safe;
  // Binary search for the longest prefix that fits with the ellipsis.
  let lo = 0;
  let hi = safe.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${safe.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${safe.slice(0, lo).trimEnd()}…`;
}
