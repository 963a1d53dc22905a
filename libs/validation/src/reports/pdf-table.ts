import { COLORS, FONT, line, rule, type Align, type PdfDoc } from './pdf-canvas';

/** Where content goes on every page; `y` is the cursor. Pages are added here and nowhere else. */
export interface PdfPager {
  doc: PdfDoc;
  left: number;
  top: number;
  bottom: number;
  width: number;
  y: number;
}

/** Starts a new page when `height` does not fit below the cursor; true when it did. */
export function ensureSpace(pager: PdfPager, height: number): boolean {
  if (pager.y + height <= pager.bottom) return false;
  pager.doc.addPage();
  pager.y = pager.top;
  return true;
}

export interface CellBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfColumn<T> {
  header: string;
  width: number;
  align?: Align;
  /** The cell as one line of text, cut to fit. */
  text?: (row: T) => string;
  /** Or drawn by hand inside its box (bars, badges). */
  draw?: (doc: PdfDoc, row: T, box: CellBox) => void;
}

const HEADER_HEIGHT = 14;
const PAD = 3;
const FONT_SIZE = 7.5;

function header<T>(pager: PdfPager, columns: readonly PdfColumn<T>[]): void {
  const { doc, left, width } = pager;
  doc.rect(left, pager.y, width, HEADER_HEIGHT).fill(COLORS.headerBg);
  let x = left;
  for (const c of columns) {
    line(doc, c.header, x + PAD, pager.y + 4, c.width - 2 * PAD, { font: FONT.bold, size: FONT_SIZE, align: c.align });
    x += c.width;
  }
  pager.y += HEADER_HEIGHT;
  rule(doc, left, pager.y, width);
}

/**
 * A table of one-line rows. Before a row that does not fit, a new page is
 * started and the header drawn again, so every page of the table has one.
 * `accent` colours a thin bar at the row's left edge (its status).
 */
export function drawTable<T>(
  pager: PdfPager,
  columns: readonly PdfColumn<T>[],
  rows: readonly T[],
  options: { rowHeight: number; accent?: (row: T) => string | undefined },
): void {
  const { doc, left, width } = pager;
  ensureSpace(pager, HEADER_HEIGHT + options.rowHeight);
  header(pager, columns);
  for (const row of rows) {
    if (ensureSpace(pager, options.rowHeight)) header(pager, columns);
    const y = pager.y;
    const accent = options.accent?.(row);
    if (accent) doc.rect(left, y, 2, options.rowHeight).fill(accent);
    let x = left;
    for (const c of columns) {
      const box = { x: x + PAD, y, width: c.width - 2 * PAD, height: options.rowHeight };
      if (c.draw) c.draw(doc, row, box);
      else if (c.text) line(doc, c.text(row), box.x, y + 4, box.width, { size: FONT_SIZE, align: c.align });
      x += c.width;
    }
    pager.y += options.rowHeight;
    rule(doc, left, pager.y, width);
  }
}
