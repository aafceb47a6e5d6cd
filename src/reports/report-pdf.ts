import { labelFont, type LabelFont } from '../labels/label-font.js';
import { PdfContent } from './pdf-content.js';
import { formatWallClock, type ReportCell, type ReportColumn, type ReportDocument } from './report-table.js';

const MARGIN = 28; // pt, about 10 mm
const FOOTER = 22;
const BODY_SIZE = 7;
const LINE = 1.3; // line height, in font sizes
const PAD = 2;

/**
 * The report as an A4 PDF for the inspectors' binder: a header with the hospital, the report and
 * its period; each sheet as a table whose header repeats on every page; "第 n 页 / 共 m 页" at the
 * foot of each page; the reviewer's signature line (审核人签字) after the last table.
 *
 * Text is set in the bundled Noto Sans SC (as the labels are: never a font of the machine),
 * embedded as real text so that the PDF can be searched and its text read back. The package's
 * font is variable and only its thinnest instance can be embedded (fontkit cannot subset another
 * instance), so the glyphs are filled and stroked to a regular weight.
 */
export async function reportPdf(doc: ReportDocument, now: Date): Promise<Buffer> {
  const font = await labelFont();
  // Loaded on the first PDF, not at start-up (0.4 s of CPU).
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    layout: doc.landscape ? 'landscape' : 'portrait',
    margin: 0,
    autoFirstPage: false,
    // Each page is written out when the next begins: a report of thousands of rows kept every page
    // in memory (a year of one sterilizer ran the service out of its heap). The page count the
    // footers need comes from a first pass that lays the pages out without drawing.
    bufferPages: false,
    compress: true,
    info: {
      Title: `${doc.titleZh} ${doc.titleEn} ${doc.period}`,
      Producer: 'cssd-trace',
      Creator: 'cssd-trace reports',
      CreationDate: now,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const w = new Writer(pdf, font);
  // Every text the document sets, for the font slices it needs (a generator: a recall of thousands
  // of packs has more cells than a spread into push() may carry).
  function* texts(): Generator<string> {
    yield* [doc.hospital, doc.titleZh, doc.titleEn, doc.period, SIGNATURE, '第 0123456789 页 / 共 Page of'];
    for (const s of doc.sheets) {
      yield* [s.nameZh, s.nameEn, ...s.columns.flatMap((c) => [c.zh, c.en])];
      for (const r of s.rows) {
        // Formatted once (a time is a time-zone lookup), read again by the layout.
        const t = r.map((c) => cellText(c, doc));
        cellTexts.set(r, t);
        yield* t;
      }
    }
  }
  const cellTexts = new Map<unknown, string[]>();
  await w.prepare(texts());
  const wrapped = new Map<unknown, string[][]>();
  const pages = new Layout(pdf, w, doc, cellTexts, wrapped, null).draw();
  new Layout(pdf, w, doc, cellTexts, wrapped, pages).draw();
  w.content.flush();
  pdf.end();
  return done;
}

const SIGNATURE = '审核人签字 Reviewed by: ______________________    日期 Date: ______________';

function cellText(c: ReportCell, doc: ReportDocument): string {
  if (c === null) return '';
  if (c instanceof Date) return formatWallClock(c, doc.timezone);
  return String(c);
}

/** Sets text in the bundled font, slice by slice (each slice of the font is a font of its own). */
class Writer {
  private readonly registered = new Set<string>();
  readonly content: PdfContent;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly font: LabelFont,
  ) {
    this.content = new PdfContent(pdf);
  }

  async prepare(texts: Iterable<string>): Promise<void> {
    const slices = new Set<string>();
    for (const t of texts) for (const r of this.runs(t)) slices.add(r.slice);
    for (const slice of slices) {
      if (this.registered.has(slice)) continue;
      this.pdf.registerFont(`S${slice}`, (await this.font.sliceFont(slice)) as unknown as string);
      this.registered.add(slice);
    }
  }

  /** Each character's slice of the font. */
  private readonly sliceOf = new Map<string, string>();

  /** The stretches of `text` in one slice each (as LabelFont.runs, with each character's slice looked up once). */
  private runs(text: string): { slice: string; text: string }[] {
    const out: { slice: string; text: string }[] = [];
    let slice = '';
    let start = 0;
    let i = 0;
    for (const ch of text) {
      let s = this.sliceOf.get(ch);
      if (s === undefined) {
        s = this.font.runs(ch)[0].slice;
        this.sliceOf.set(ch, s);
      }
      if (s !== slice) {
        if (i > start) out.push({ slice, text: text.slice(start, i) });
        slice = s;
        start = i;
      }
      i += ch.length;
    }
    if (i > start) out.push({ slice, text: text.slice(start, i) });
    return out;
  }

  /** Each character's advance at size 1 (its slice follows from the character): a text's width is their sum. */
  private readonly advances = new Map<string, number>();

  private advance(ch: string): number {
    let a = this.advances.get(ch);
    if (a === undefined) {
      const [{ slice }] = this.runs(ch);
      a = this.pdf.font(`S${slice}`).fontSize(1).widthOfString(ch);
      this.advances.set(ch, a);
    }
    return a;
  }

  width(text: string, size: number): number {
    let x = 0;
    for (const ch of text) x += this.advance(ch);
    return x * size;
  }

  /** One line of text, its top at y. */
  text(text: string, x: number, y: number, size: number, bold = false): void {
    const lineWidth = size * (bold ? 0.075 : 0.045);
    let cx = x;
    for (const r of this.runs(text)) {
      this.content.text(`S${r.slice}`, r.text, cx, y, size, lineWidth);
      cx += this.width(r.text, size);
    }
  }

  /** `text` broken into lines no wider than `width` (between any two characters, preferring spaces). */
  wrap(text: string, width: number, size: number): string[] {
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      let line = '';
      // The line's width so far, kept as characters are added: measuring the whole line again at
      // each character made a table of a few thousand rows minutes long and heavy.
      let w = 0;
      for (const ch of para) {
        const cw = this.advance(ch) * size;
        if (line && w + cw > width) {
          const space = line.lastIndexOf(' ');
          if (space > 0 && ch !== ' ') {
            lines.push(line.slice(0, space));
            line = line.slice(space + 1) + ch;
          } else {
            lines.push(line);
            line = ch === ' ' ? '' : ch;
          }
          w = this.width(line, size);
        } else {
          line += ch;
          w += cw;
        }
      }
      lines.push(line);
    }
    return lines;
  }
}

/** A4 in points (portrait). */
const A4 = { width: 595.28, height: 841.89 };

/**
 * Lays the document out page by page. With `pages` null it only measures (no page is added, nothing
 * drawn) and returns how many pages the document takes; given that count, it draws, each page's
 * footer ("第 n 页 / 共 m 页") as the page begins. Both passes break the pages at the same rows: the
 * cells are wrapped once (`wrapped`, by row) and read by both.
 */
class Layout {
  private y = 0;
  private page = 0;
  private readonly width: number;
  private readonly height: number;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly w: Writer,
    private readonly doc: ReportDocument,
    private readonly cellTexts: Map<unknown, string[]>,
    private readonly wrapped: Map<unknown, string[][]>,
    private readonly pages: number | null,
  ) {
    [this.width, this.height] = doc.landscape ? [A4.height, A4.width] : [A4.width, A4.height];
  }

  private get drawing(): boolean {
    return this.pages !== null;
  }
  private get bottom() {
    return this.height - MARGIN - FOOTER;
  }
  private get inner() {
    return this.width - 2 * MARGIN;
  }

  private text(text: string, x: number, y: number, size: number, bold = false): void {
    if (this.drawing) this.w.text(text, x, y, size, bold);
  }

  private newPage(): void {
    this.page++;
    this.y = MARGIN + 12 * LINE + 10 * LINE + 4;
    if (!this.drawing) return;
    this.w.content.flush();
    this.pdf.addPage();
    this.w.text(this.doc.hospital, MARGIN, MARGIN, 12, true);
    this.w.text(`${this.doc.titleZh}  ${this.doc.titleEn}    ${this.doc.period}（${this.doc.timezone}）`, MARGIN, MARGIN + 12 * LINE, 10);
    this.w.content.line(MARGIN, this.y - 2, MARGIN + this.inner, this.y - 2, 0.6, '#000000');
    const label = `第 ${this.page} 页 / 共 ${this.pages} 页   Page ${this.page} of ${this.pages}`;
    this.w.text(label, (this.width - this.w.width(label, 8)) / 2, this.height - MARGIN + 4, 8);
  }

  /** Lays out (and, drawing, draws) the document: the number of pages. */
  draw(): number {
    this.newPage();
    for (const sheet of this.doc.sheets) {
      if (this.y + 60 > this.bottom) this.newPage();
      this.text(`${sheet.nameZh}  ${sheet.nameEn}`, MARGIN, this.y + 2, 9, true);
      this.y += 9 * LINE + 4;
      const total = sheet.columns.reduce((a, c) => a + c.width, 0);
      const widths = sheet.columns.map((c) => (c.width / total) * this.inner);
      const headerLines = sheet.columns.map((c, i) => [
        ...this.w.wrap(c.zh, widths[i] - 2 * PAD, BODY_SIZE),
        ...this.w.wrap(c.en, widths[i] - 2 * PAD, BODY_SIZE),
      ]);
      const header = (): void => this.row(headerLines, widths, true);
      header();
      if (sheet.rows.length === 0) this.row([['无记录 No records']], [this.inner], false);
      for (const r of sheet.rows) {
        let lines = this.wrapped.get(r);
        if (!lines) {
          lines = this.cellTexts.get(r)!.map((t, i) => this.w.wrap(t, widths[i] - 2 * PAD, BODY_SIZE));
          this.wrapped.set(r, lines);
        }
        if (this.y + rowHeight(lines) > this.bottom) {
          this.newPage();
          header();
        }
        this.row(lines, widths, false, sheet.columns);
      }
      this.y += 10;
    }
    if (this.y + 40 > this.bottom) this.newPage();
    this.text(SIGNATURE, MARGIN, this.y + 16, 10);
    return this.page;
  }

  private row(cells: string[][], widths: number[], head: boolean, columns?: ReportColumn[]): void {
    const h = rowHeight(cells);
    if (this.drawing) {
      let x = MARGIN;
      if (head) this.w.content.fillRect(MARGIN, this.y, this.inner, h, '#eeeeee');
      const borders: [number, number, number, number][] = [];
      cells.forEach((lines, i) => {
        const right = !head && columns && columns[i].kind !== 'text' && columns[i].kind !== 'datetime' && columns[i].kind !== 'date';
        lines.forEach((line, j) => {
          const lx = right ? x + widths[i] - PAD - this.w.width(line, BODY_SIZE) : x + PAD;
          this.w.text(line, lx, this.y + PAD + j * BODY_SIZE * LINE, BODY_SIZE, head && j === 0);
        });
        borders.push([x, this.y, widths[i], h]);
        x += widths[i];
      });
      this.w.content.strokeRects(borders, 0.3, '#777777');
    }
    this.y += h;
  }
}

function rowHeight(cells: string[][]): number {
  return Math.max(1, ...cells.map((l) => l.length)) * BODY_SIZE * LINE + 2 * PAD;
}
