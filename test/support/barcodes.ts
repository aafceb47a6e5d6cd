import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';

/**
 * An independent barcode reader for the label tests: ZXing-C++ compiled to WebAssembly
 * (`zxing-wasm`). Its .wasm ships inside the npm package; by default the library would fetch
 * it from a CDN, so it is handed the local file instead — the tests run offline.
 */
let ready: Promise<unknown> | null = null;

function prepare(): Promise<unknown> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  ready ??= prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    fireImmediately: true,
  });
  return ready;
}

export interface Decoded {
  format: string;
  /** What a scanner in keyboard mode types: the symbology identifier, then the data (a GS1 FNC1 as \x1d). */
  scanned: string;
  /** The data alone. */
  text: string;
  /** Top-left corner of the symbol in the image, in pixels. */
  at: { x: number; y: number };
}

/** Every valid barcode found in a PNG (or another image file ZXing reads). */
export async function decodeImage(image: Buffer, maxNumberOfSymbols = 4): Promise<Decoded[]> {
  await prepare();
  const results = await readBarcodes(new Uint8Array(image), { tryHarder: true, textMode: 'Plain', maxNumberOfSymbols });
  return results
    .filter((r: ReadResult) => r.isValid)
    .map((r: ReadResult) => ({
      format: r.format,
      scanned: r.symbologyIdentifier + r.text,
      text: r.text,
      at: { x: Math.min(r.position.topLeft.x, r.position.bottomLeft.x), y: Math.min(r.position.topLeft.y, r.position.topRight.y) },
    }));
}
