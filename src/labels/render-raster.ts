import { renderAsync } from '@resvg/resvg-js';
import type { LabelLayout } from './label-layout.js';
import { renderSvg } from './render-svg.js';

/**
 * Raster output: the label's SVG rendered by resvg (Rust, shipped prebuilt inside its npm
 * package), with system fonts off — the SVG carries its text as outlines already. Rendered on
 * libuv's thread pool: a load's 200 labels do not stop the stations' scans while they draw.
 */
function rasterize(layout: LabelLayout, dotsPerMm: number) {
  const width = Math.round(layout.widthMm * dotsPerMm);
  return renderAsync(renderSvg(layout), {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: { loadSystemFonts: false },
  });
}

/** PNG at `dpi`, with the resolution recorded (pHYs) so it prints at its real size. */
export async function renderPng(layout: LabelLayout, dpi: number): Promise<Buffer> {
  const png = (await rasterize(layout, dpi / 25.4)).asPng();
  return withPhys(png, Math.round(dpi / 0.0254));
}

export interface Bitmap {
  width: number;
  height: number;
  /** One byte per dot: 1 black, 0 white. */
  dots: Uint8Array;
}

/** A 1-bit bitmap for a thermal printer: anything darker than mid-grey prints. */
export async function renderBitmap(layout: LabelLayout, dotsPerMm: number): Promise<Bitmap> {
  const image = await rasterize(layout, dotsPerMm);
  const { width, height } = image;
  const rgba = image.pixels;
  const dots = new Uint8Array(width * height);
  // Black on white: luminance below half (integer weights 77/150/29 ≈ 0.299/0.587/0.114).
  for (let i = 0, p = 0; i < dots.length; i++, p += 4) dots[i] = 77 * rgba[p] + 150 * rgba[p + 1] + 29 * rgba[p + 2] < 128 * 256 ? 1 : 0;
  return { width, height, dots };
}

/** Inserts a pHYs chunk (pixels per metre) right after IHDR. */
function withPhys(png: Buffer, pixelsPerMetre: number): Buffer {
  const data = Buffer.alloc(9);
  data.writeUInt32BE(pixelsPerMetre, 0);
  data.writeUInt32BE(pixelsPerMetre, 4);
  data.writeUInt8(1, 8); // unit: metre
  const type = Buffer.from('pHYs', 'ascii');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])), 8 + data.length);
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8); // signature + IHDR chunk
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
