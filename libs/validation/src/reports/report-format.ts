/** Representations of a report, in order of preference when the client accepts several equally. */
export const REPORT_FORMATS = ['json', 'html', 'csv', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  csv: 'text/csv',
  md: 'text/markdown',
  pdf: 'application/pdf',
};

export const isReportFormat = (value: string): value is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(value);

/** `art_x.csv` -> id `art_x`, suffix `csv`; no dot -> no suffix. The suffix may name a format we do not have. */
export function splitSuffix(param: string): { id: string; suffix?: string } {
  const dot = param.lastIndexOf('.');
  return dot <= 0 ? { id: param } : { id: param.slice(0, dot), suffix: param.slice(dot + 1).toLowerCase() };
}

interface MediaRange {
  type: string;
  q: number;
  order: number;
  specificity: number;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const qParam = params.find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      const specificity = type === '*/*' ? 0 : type.endsWith('/*') ? 1 : 2;
      return { type, q: Number.isFinite(q) ? q : 0, order, specificity };
    })
    .filter((r) => r.type.includes('/'));
}

/**
 * The format an `Accept` header asks for (RFC 9110 media ranges with q-values):
 * highest q first, then the more specific range, then header order; wildcards
 * take our preference order, skipping types refused with q=0. Absent or empty
 * means JSON; nothing acceptable means undefined (406).
 */
export function negotiateFormat(accept: string | undefined): ReportFormat | undefined {
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = parseAccept(accept);
  const refused = new Set(ranges.filter((r) => r.q <= 0).map((r) => r.type));
  const wanted = ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order);
  for (const range of wanted) {
    const match = REPORT_FORMATS.find((f) => {
      const media = MEDIA_TYPES[f];
      if (refused.has(media)) return false;
      if (range.specificity === 2) return media === range.type;
      return range.specificity === 0 || media.startsWith(range.type.slice(0, -1));
    });
    if (match) return match;
  }
  return undefined;
}
