/**
 * A report page's drawing, written as PDF content operators straight into the page, beside pdfkit
 * (which still owns the document: its pages, fonts, subsetting, ToUnicode maps and compression).
 *
 * Why not pdfkit's text(): a report of a regional month sets ~300,000 short strings, and pdfkit
 * lays each one out twice (to measure and to encode), wraps it in a save/transform/restore of its
 * own, writes each operator as a separate chunk and normalises each colour again: most of the 8 s
 * of a month's register. Here a word is laid out and encoded once per document (pdfkit's own
 * encode(), so the glyphs, their subset and the text a reader extracts are pdfkit's), a table row's
 * text shares one text object, and a page's operators go out as one chunk. What is drawn is the
 * same: the same glyphs at the same places, filled and stroked, in the same order as before.
 */

/** What this module uses of a fontkit font: laying a text out. */
interface FontkitFont {
  layout(text: string): {
    glyphs: { id: number; advanceWidth: number }[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  };
}

/** What this module uses of pdfkit 0.20's embedded (TrueType) font, which its typings do not show. */
interface EmbeddedFont {
  id: string;
  /** The fontkit font it embeds (a slice of the label font, shared by every document of the process). */
  font: FontkitFont;
  /** The ascender in 1/1000 em. */
  ascender: number;
  /** 1000 / units per em. */
  scale: number;
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}

interface PdfInternals {
  _font: EmbeddedFont;
  page: { height: number; fonts: Record<string, unknown> };
}

/** A number as a content stream writes it: as pdfkit does, to six decimals. */
const numbers = new Map<number, string>();
function num(v: number): string {
  // Column edges, row positions and sizes repeat on every page: each is formatted once.
  let n = numbers.get(v);
  if (n === undefined) {
    n = String(Math.round(v * 1e6) / 1e6);
    if (numbers.size < 100_000) numbers.set(v, n);
  }
  return n;
}

/** A colour #rrggbb as the three operands of rg / RG. */
const rgb = (hex: string): string => [1, 3, 5].map((i) => num(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');

export class PdfContent {
  private ops: string[] = [];
  /** Inside a text object (`q … BT` open), with the font, size and line width it last set. */
  private inText = false;
  private font: EmbeddedFont | null = null;
  private size = 0;
  private lineWidth = -1;
  private readonly fonts = new Map<string, EmbeddedFont>();
  /** Per font, each word as TJ operands (null: its glyphs are positioned, drawn by pdfkit instead). */
  private readonly words = new Map<EmbeddedFont, Map<string, string | null>>();

  constructor(private readonly pdf: PDFKit.PDFDocument) {}

  private get internals(): PdfInternals {
    return this.pdf as unknown as PdfInternals;
  }

  /** A font registered with pdfkit under `name`. */
  private fontNamed(name: string): EmbeddedFont {
    let f = this.fonts.get(name);
    if (!f) {
      this.pdf.font(name);
      f = this.internals._font;
      this.fonts.set(name, f);
    }
    return f;
  }

  /**
   * One run of text in the font registered as `fontName`, its top at y, filled and stroked black
   * with a line `lineWidth` wide (the regular weight the thin embedded instance is drawn to).
   */
  text(fontName: string, text: string, x: number, y: number, size: number, lineWidth: number): void {
    if (text.length === 0) return;
    const font = this.fontNamed(fontName);
    const tj = this.encode(font, text);
    if (tj === null) {
      this.viaPdfkit(fontName, text, x, y, size, lineWidth);
      return;
    }
    const page = this.internals.page;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    if (!this.inText) {
      // Back to PDF's own y-up space (pdfkit's pages are y-down), black, round joins, fill + stroke.
      this.ops.push(`q 1 0 0 -1 0 ${num(page.height)} cm 0 0 0 rg 0 0 0 RG 1 j BT 2 Tr`);
      this.inText = true;
    }
    if (font !== this.font || size !== this.size) {
      this.ops.push(`/${font.id} ${num(size)} Tf`);
      this.font = font;
      this.size = size;
    }
    if (lineWidth !== this.lineWidth) {
      this.ops.push(`${num(lineWidth)} w`);
      this.lineWidth = lineWidth;
    }
    const baseline = page.height - y - (font.ascender / 1000) * size;
    this.ops.push(`1 0 0 1 ${num(x)} ${num(baseline)} Tm [${tj}] TJ`);
  }

  /** A rectangle filled with `color` (#rrggbb). */
  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.endText();
    this.ops.push(`q ${rgb(color)} rg ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f Q`);
  }

  /** The outlines of rectangles, stroked `lineWidth` wide in `color`. */
  strokeRects(rects: [number, number, number, number][], lineWidth: number, color: string): void {
    this.endText();
    // Each stroked on its own, as before: a cell's edge shared with the next is drawn twice (one
    // path would draw it once, a shade lighter).
    const paths = rects.map(([x, y, w, h]) => `${num(x)} ${num(y)} ${num(w)} ${num(h)} re S`).join(' ');
    this.ops.push(`q ${num(lineWidth)} w ${rgb(color)} RG ${paths} Q`);
  }

  /** A straight line. */
  line(x0: number, y0: number, x1: number, y1: number, lineWidth: number, color: string): void {
    this.endText();
    this.ops.push(`q ${num(lineWidth)} w ${rgb(color)} RG ${num(x0)} ${num(y0)} m ${num(x1)} ${num(y1)} l S Q`);
  }

  /** Writes what was drawn into the current page: before pdfkit draws or adds a page, and at the end. */
  flush(): void {
    this.endText();
    if (this.ops.length === 0) return;
    this.pdf.addContent(Buffer.from(`${this.ops.join('\n')}\n`, 'latin1') as unknown as string);
    this.ops = [];
  }

  private endText(): void {
    if (!this.inText) return;
    this.ops.push('ET Q');
    this.inText = false;
    this.font = null;
    this.size = 0;
    this.lineWidth = -1;
  }

  /**
   * `text` as TJ operands: word by word (pdfkit lays text out word by word too, each word with its
   * trailing space), each word encoded once per font. Null when a glyph is positioned off the pen
   * (combining marks): such a run is left to pdfkit.
   */
  private encode(font: EmbeddedFont, text: string): string | null {
    let memo = this.words.get(font);
    if (!memo) this.words.set(font, (memo = new Map()));
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && text[i] !== ' ' && text[i] !== '\t') continue;
      const word = text.slice(start, i + 1);
      start = i + 1;
      if (word.length === 0) continue;
      let tj = memo.get(word);
      if (tj === undefined) {
        tj = PLAIN.test(word) ? this.glyphByGlyph(font, memo, word) : undefined;
        if (tj === undefined) tj = encodeWord(font, word);
        memo.set(word, tj);
      }
      if (tj === null) return null;
      parts.push(tj);
    }
    // Neighbouring words' glyphs in one string (<a> <b> is <ab>): a shorter page to compress.
    return parts.join(' ').replaceAll('> <', '');
  }

  /**
   * A word of plain characters (digits and punctuation) as its characters' lone glyphs with
   * the kerning of each neighbouring pair between them: what its layout gives (see `pairKerning`),
   * without laying out each of the thousands of distinct times, dates and numbers a report holds
   * (they are most of its distinct words, and fontkit's layout most of what encoding a word costs).
   * Null when a pair does more than kern: the word is laid out whole.
   */
  private glyphByGlyph(font: EmbeddedFont, memo: Map<string, string | null>, word: string): string | undefined {
    const out: string[] = [];
    let hex = '';
    for (let i = 0; i < word.length; i++) {
      const ch = word[i];
      let g = memo.get(ch);
      if (g === undefined) {
        g = encodeWord(font, ch);
        memo.set(ch, g);
      }
      // A lone character is one glyph with no adjustment: <hhhh>.
      if (g === null || g.length !== 6) return undefined;
      hex += g.slice(1, 5);
      if (i + 1 === word.length) break;
      const kern = pairKerning(font, word.slice(i, i + 2));
      if (kern === null) return undefined;
      if (kern !== 0) {
        out.push(`<${hex}> ${num(-kern)}`);
        hex = '';
      }
    }
    if (hex) out.push(`<${hex}>`);
    return out.join(' ');
  }

  /** The way pdfkit sets a run itself: kept for text whose glyphs are positioned. */
  private viaPdfkit(fontName: string, text: string, x: number, y: number, size: number, lineWidth: number): void {
    this.flush();
    this.pdf.save();
    this.pdf.lineWidth(lineWidth).lineJoin('round').fillColor('#000000').strokeColor('#000000');
    this.pdf.font(fontName).fontSize(size);
    this.pdf.text(text, x, y, { lineBreak: false, fill: true, stroke: true });
    this.pdf.restore();
  }
}

/**
 * Characters that may be set glyph by glyph (`glyphByGlyph`): digits and the punctuation of times,
 * dates and numbers, and the space after a word. Not letters: a word with one is laid out in the
 * Latin script, where the font draws its digits with other glyphs than alone (a word of digits and
 * punctuation is, like each of its characters and pairs, in no script), and lower-case letters
 * form ligatures over three letters (ffi).
 */
const PLAIN = /^[0-9:.\-/#%+,() ]+$/;

/** Per fontkit font (process-wide), per pair of characters: its kerning, or null (see `pairKerning`). */
const pairs = new WeakMap<FontkitFont, Map<string, number | null>>();

/**
 * How the font sets two neighbouring characters: the adjustment (1/1000 em, as pdfkit writes it in
 * a TJ) after the first when the pair lays out as the two lone glyphs and only the first one's
 * advance changes (pair kerning, the only positioning the font's Latin has); null when it does
 * anything else (a ligature, a glyph substituted or offset, the second glyph moved).
 */
function pairKerning(font: EmbeddedFont, pair: string): number | null {
  let known = pairs.get(font.font);
  if (!known) pairs.set(font.font, (known = new Map()));
  let kern = known.get(pair);
  if (kern === undefined) {
    const [both, a, b] = [font.font.layout(pair), font.font.layout(pair[0]), font.font.layout(pair[1])];
    const same =
      both.glyphs.length === 2 &&
      a.glyphs.length === 1 &&
      b.glyphs.length === 1 &&
      both.glyphs[0].id === a.glyphs[0].id &&
      both.glyphs[1].id === b.glyphs[0].id &&
      both.positions[1].xAdvance === b.positions[0].xAdvance &&
      [...both.positions, a.positions[0], b.positions[0]].every((p) => !p.xOffset && !p.yOffset);
    // As pdfkit computes it: the advance in its layout less the glyph's own, each scaled to 1/1000 em.
    kern = same ? both.positions[0].xAdvance * font.scale - both.glyphs[0].advanceWidth * font.scale : null;
    known.set(pair, kern);
  }
  return kern;
}

/** One word's glyphs as TJ operands, with pdfkit's kerning adjustments (as its _fragment writes them). */
function encodeWord(font: EmbeddedFont, word: string): string | null {
  const [encoded, positions] = font.encode(word);
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (p.xOffset || p.yOffset) return null;
    const adjust = p.xAdvance - p.advanceWidth;
    if (adjust !== 0) {
      out.push(`<${encoded.slice(last, i + 1).join('')}> ${num(-adjust)}`);
      last = i + 1;
    }
  }
  if (last < encoded.length) out.push(`<${encoded.slice(last).join('')}>`);
  return out.join(' ');
}
