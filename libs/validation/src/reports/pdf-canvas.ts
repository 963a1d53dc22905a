import { fitText } from './pdf-text';

export type PdfDoc = PDFKit.PDFDocument;
export type Align = 'left' | 'right';

export const COLORS = {
  text: '#1f2328',
  muted: '#57606a',
  line: '#d0d7de',
  headerBg: '#f6f8fa',
  barBg: '#eaeef2',
  bar: '#1a7f37',
  histogram: '#0969da',
} as const;

export const STATUS_COLORS: Record<string, { fg: string; bg: string }> = {
  pass: { fg: '#1a7f37', bg: '#dafbe1' },
  fail: { fg: '#cf222e', bg: '#ffebe9' },
  warn: { fg: '#9a6700', bg: '#fff8c5' },
};
// Only a known status picks a colour; anything else is shown as a failure, as the HTML does.
export const statusColors = (status: string) => STATUS_COLORS[status] ?? STATUS_COLORS['fail']!;

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' } as const;

/**
 * One line of text at (x, y), cut to `width` with "…" and made WinAnsi-safe.
 * Drawn without pdfkit's line wrapper (no `width` option), so it can never
 * start a page on its own: page breaks are the caller's. Returns the width drawn.
 */
export function line(
  doc: PdfDoc,
  text: string,
  x: number,
  y: number,
  width: number,
  style: { font?: string; size?: number; color?: string; align?: Align } = {},
): number {
  doc.font(style.font ?? FONT.regular).fontSize(style.size ?? 7.5);
  const fitted = fitText(text, width, (s) => doc.widthOfString(s));
  if (fitted === '') return 0;
  const drawn = doc.widthOfString(fitted);
  doc.fillColor(style.color ?? COLORS.text).text(fitted, x + (style.align === 'right' ? width - drawn : 0), y, { lineBreak: false });
  return drawn;
}

/** A filled rounded label, e.g. a status; returns its width. */
export function badge(doc: PdfDoc, label: string, status: string, x: number, y: number, size = 7): number {
  const { fg, bg } = statusColors(status);
  doc.font(FONT.bold).fontSize(size);
  const text = fitText(label.toUpperCase(), 200, (s) => doc.widthOfString(s));
  const width = doc.widthOfString(text) + size * 1.4;
  const height = size * 1.6;
  doc.roundedRect(x, y, width, height, height / 2).fill(bg);
  doc.fillColor(fg).text(text, x + size * 0.7, y + size * 0.35, { lineBreak: false });
  return width;
}

/** A horizontal bar of `share` (0..1, clamped) on a grey track. */
export function shareBar(doc: PdfDoc, share: number, x: number, y: number, width: number, height: number, color: string = COLORS.bar): void {
  const clamped = Number.isFinite(share) ? Math.max(0, Math.min(1, share)) : 0;
  doc.rect(x, y, width, height).fill(COLORS.barBg);
  if (clamped > 0) doc.rect(x, y, Math.max(0.5, width * clamped), height).fill(color);
}

/** A horizontal rule across `width`. */
export function rule(doc: PdfDoc, x: number, y: number, width: number, color: string = COLORS.line): void {
  doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.5).strokeColor(color).stroke();
}
