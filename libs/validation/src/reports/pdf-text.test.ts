import { describe, expect, it } from 'vitest';
import { fitText, toWinAnsi } from './pdf-text';

describe('toWinAnsi', () => {
  it('keeps Latin-1 and the WinAnsi extras, and replaces what the standard fonts cannot show', () => {
    expect(toWinAnsi('Zürich café – 10 € “ok”')).toBe('Zürich café – 10 € “ok”');
    expect(toWinAnsi('東京')).toBe('??');
    // One "?" per code point: an emoji is one, not two UTF-16 halves.
    expect(toWinAnsi('ok 😀')).toBe('ok ?');
    expect(toWinAnsi('Łódź Kraków Győr')).toBe('?ódz Kraków Gyor');
    expect(toWinAnsi('a\tb\nc\u0000d\u0085e')).toBe('a b c d e');
    // Decomposed input is composed first: "u" + combining diaeresis is "ü".
    expect(toWinAnsi('Zu\u0308rich')).toBe('Zürich');
  });
});

describe('fitText', () => {
  const measure = (s: string) => s.length;

  it('returns text that fits as it is', () => {
    expect(fitText('short', 10, measure)).toBe('short');
  });

  it('cuts text that does not fit and ends it with an ellipsis', () => {
    expect(fitText('abcdefghij', 5, measure)).toBe('abcd…');
    expect(fitText('ab', 0, measure)).toBe('');
    // Very long values are cut before they are measured at all.
    let calls = 0;
    const counting = (s: string) => {
      calls += 1;
      expect(s.length).toBeLessThanOrEqual(401);
      return s.length;
    };
    expect(fitText('x'.repeat(1_000_000), 20, counting)).toBe(`${'x'.repeat(19)}…`);
    expect(calls).toBeLessThan(20);
  });
});
