import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Rasterizes PDF pages with Mozilla's PDF.js drawing on @napi-rs/canvas (Skia, shipped
 * prebuilt inside its npm package): a renderer independent of the label code's own, so a
 * barcode decoded from these pixels is what a PDF viewer or print driver would print.
 */
export async function pdfPagesToPng(pdf: Buffer, dpi = 300): Promise<Buffer[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: Buffer[] = [];
  try {
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
      const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<typeof page.render>[0]).promise;
      pages.push(canvas.toBuffer('image/png'));
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** The page sizes in millimetres. */
export async function pdfPageSizesMm(pdf: Buffer): Promise<{ widthMm: number; heightMm: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const sizes = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const [x0, y0, x1, y1] = (await doc.getPage(i)).view;
      sizes.push({ widthMm: Math.round(((x1 - x0) * 25.4) / 72), heightMm: Math.round(((y1 - y0) * 25.4) / 72) });
    }
    return sizes;
  } finally {
    await doc.destroy();
  }
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: { toBuffer(type: 'image/png'): Buffer }; context: unknown };
}

/** The text of each page, as a PDF reader extracts it (items joined; a line break where the reader puts one). */
export async function pdfText(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
