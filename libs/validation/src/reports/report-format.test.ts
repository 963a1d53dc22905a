import { describe, expect, it } from 'vitest';
import { negotiateFormat, splitSuffix } from './report-format';

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['text/csv', 'csv'],
    ['text/markdown', 'md'],
    ['text/html', 'html'],
    // A browser's header: html is named, the rest is a lower-q wildcard.
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'html'],
    ['text/*', 'html'],
    ['text/csv;q=0.5, application/json;q=0.9', 'json'],
    ['TEXT/CSV; charset=utf-8', 'csv'],
    ['application/json;q=0, */*', 'html'],
    ['application/xml, text/csv;q=0.1', 'csv'],
    ['application/pdf', 'pdf'],
    ['application/pdf, text/html;q=0.5', 'pdf'],
    // A PDF is only what a client names: wildcards keep preferring JSON and HTML.
    ['application/*', 'json'],
    ['application/json;q=0, text/html;q=0, text/csv;q=0, text/markdown;q=0, */*', 'pdf'],
  ])('Accept %j -> %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });

  it.each(['image/png', 'image/png, text/plain', 'text/csv;q=0', 'nonsense'])('nothing acceptable in %j', (accept) => {
    expect(negotiateFormat(accept)).toBeUndefined();
  });
});

describe('splitSuffix', () => {
  it('separates a format suffix from the id', () => {
    expect(splitSuffix('art_1')).toEqual({ id: 'art_1' });
    expect(splitSuffix('art_1.HTML')).toEqual({ id: 'art_1', suffix: 'html' });
    expect(splitSuffix('art_1.pdf')).toEqual({ id: 'art_1', suffix: 'pdf' });
  });
});
