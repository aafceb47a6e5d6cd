import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as fontkit from 'fontkit';

/**
 * The one typeface of every label: Noto Sans SC (SIL OFL), shipped by the npm package
 * `@fontsource-variable/noto-sans-sc` — never a font of the operating system, so Chinese
 * renders the same on a fresh machine, in a PDF viewer and on a Zebra printer alike.
 *
 * The package ships the variable font cut into ~100 WOFF2 slices by Unicode range (its
 * unicode.json). A slice is decompressed to TrueType (wawoff2) the first time a label needs
 * one of its characters, then kept; fontkit reads the outlines at the wanted weight. Text is
 * drawn as glyph outlines in every format, so no renderer, viewer or printer needs the font.
 */
export type FontWeight = 400 | 700;

export interface Glyph {
  /** Unique per outline (slice, weight, glyph id): renderers define each outline once. */
  key: string;
  /** The outline as SVG path data in font units, y axis pointing up; '' for a blank. */
  path: string;
  /** Font units per em of `path`. */
  unitsPerEm: number;
  /** Advance width in em. */
  advance: number;
}

export interface ShapedText {
  text: string;
  weight: FontWeight;
  /** Each glyph with its pen position in em from the start of the run. */
  glyphs: { glyph: Glyph; x: number }[];
  /** Advance width of the whole run in em. */
  width: number;
}

const requireFromHere = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(requireFromHere.resolve('@fontsource-variable/noto-sans-sc/unicode.json'));

/** The slice that holds Latin: blanks and the .notdef box come from it. */
const LATIN_SLICE = 'latin';

export class LabelFont {
  /** Ascender and descender in em, for line boxes. */
  readonly ascent: number;
  readonly descent: number;
  /** Code point → the slice holding it. */
  private readonly slices: Map<number, string>;
  private readonly ttf = new Map<string, Promise<fontkit.Font>>();
  private readonly instances = new Map<string, fontkit.Font>();
  private readonly glyphCache = new Map<string, Glyph>();
  private readonly loaded = new Set<string>();

  private constructor(slices: Map<number, string>, latin: fontkit.Font) {
    this.slices = slices;
    this.ascent = latin.ascent / latin.unitsPerEm;
    this.descent = -latin.descent / latin.unitsPerEm;
  }

  /** Reads the slice table and the Latin slice; every other slice loads on first use. */
  static async load(): Promise<LabelFont> {
    const table = JSON.parse(readFileSync(join(PACKAGE_DIR, 'unicode.json'), 'utf8')) as Record<string, string>;
    const slices = new Map<number, string>();
    for (const [name, spec] of Object.entries(table)) {
      const slice = name.replace(/^\[(\d+)\]$/, '$1');
      for (const part of spec.split(',')) {
        const [from, to = from] = part
          .trim()
          .replace(/U\+/gi, '')
          .split('-')
          .map((h) => parseInt(h, 16));
        // Where slices overlap (some punctuation is in several), Latin wins.
        for (let cp = from; cp <= to; cp++) if (!slices.has(cp) || slice === LATIN_SLICE) slices.set(cp, slice);
      }
    }
    const latin = LabelFont.decompress(LATIN_SLICE);
    const font = new LabelFont(slices, await latin);
    font.ttf.set(LATIN_SLICE, latin);
    return font;
  }

  private static async decompress(slice: string): Promise<fontkit.Font> {
    const file = join(PACKAGE_DIR, 'files', `noto-sans-sc-${slice}-wght-normal.woff2`);
    // fontkit and wawoff2 load with the first label or PDF, not at start-up.
    const { create } = await import('fontkit');
    return create(await woff2ToTtf(readFileSync(file))) as fontkit.Font;
  }

  /** Loads every slice `texts` need. Call before `shape`. */
  async prepare(texts: Iterable<string>): Promise<void> {
    const wanted = new Set<string>();
    for (const text of texts) for (const ch of text) wanted.add(this.sliceOf(ch.codePointAt(0)!) ?? LATIN_SLICE);
    await Promise.all(
      [...wanted]
        .filter((s) => !this.loaded.has(s))
        .map(async (slice) => {
          if (!this.ttf.has(slice)) this.ttf.set(slice, LabelFont.decompress(slice));
          const base = await this.ttf.get(slice)!;
          for (const weight of [400, 700] as const) this.instances.set(`${slice}@${weight}`, base.getVariation({ wght: weight }));
          this.loaded.add(slice);
        }),
    );
  }

  /** Lays `text` out on one line. Characters the font lacks show as its .notdef box. */
  shape(text: string, weight: FontWeight): ShapedText {
    const glyphs: ShapedText['glyphs'] = [];
    let x = 0;
    for (const ch of text) {
      const glyph = this.glyph(ch.codePointAt(0)!, weight);
      glyphs.push({ glyph, x });
      x += glyph.advance;
    }
    return { text, weight, glyphs, width: x };
  }

  private glyph(codePoint: number, weight: FontWeight): Glyph {
    let slice = this.sliceOf(codePoint) ?? LATIN_SLICE;
    let font = this.instances.get(`${slice}@${weight}`);
    if (!font) {
      if (!this.loaded.has(slice)) throw new Error(`LabelFont: slice ${slice} not prepared for U+${codePoint.toString(16)}`);
      throw new Error(`LabelFont: no instance for ${slice}@${weight}`);
    }
    let fkGlyph = font.glyphForCodePoint(codePoint);
    if (!fkGlyph || (fkGlyph.id === 0 && slice !== LATIN_SLICE)) {
      slice = LATIN_SLICE;
      font = this.instances.get(`${slice}@${weight}`)!;
      fkGlyph = font.glyphForCodePoint(codePoint);
    }
    const key = `${slice}.${weight}.${fkGlyph.id}`;
    let glyph = this.glyphCache.get(key);
    if (!glyph) {
      glyph = { key, path: fkGlyph.path.toSVG(), unitsPerEm: font.unitsPerEm, advance: fkGlyph.advanceWidth / font.unitsPerEm };
      this.glyphCache.set(key, glyph);
    }
    return glyph;
  }

  /**
   * The slice (by name) holding each stretch of `text`, for writers that embed the font rather
   * than draw outlines (the printed reports, whose text must stay searchable).
   */
  runs(text: string): { slice: string; text: string }[] {
    const out: { slice: string; text: string }[] = [];
    for (const ch of text) {
      const slice = this.sliceOf(ch.codePointAt(0)!) ?? LATIN_SLICE;
      const last = out.at(-1);
      if (last?.slice === slice) last.text += ch;
      else out.push({ slice, text: ch });
    }
    return out;
  }

  /** A slice as a font (its default instance), decompressed on first use. */
  async sliceFont(slice: string): Promise<fontkit.Font> {
    if (!this.ttf.has(slice)) this.ttf.set(slice, LabelFont.decompress(slice));
    return this.ttf.get(slice)!;
  }

  private sliceOf(codePoint: number): string | undefined {
    return this.slices.get(codePoint);
  }
}

// wawoff2 is one Emscripten instance whose answer lives in its heap: one call at a time, copied out at once.
let woff2Queue: Promise<unknown> = Promise.resolve();
function woff2ToTtf(data: Buffer): Promise<Buffer> {
  const run = woff2Queue.then(async () => Buffer.from(await (await import('wawoff2')).default.decompress(data)));
  woff2Queue = run.catch(() => undefined);
  return run;
}

let shared: Promise<LabelFont> | null = null;
/** The process-wide font: slices once decompressed serve every later label. */
export function labelFont(): Promise<LabelFont> {
  shared ??= LabelFont.load().catch((e) => {
    shared = null;
    throw e;
  });
  return shared;
}
