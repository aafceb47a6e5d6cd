import { createCanvas, Image } from '@napi-rs/canvas';

/**
 * Draws an SVG with Skia (@napi-rs/canvas) instead of the resvg the label code uses for its
 * PNGs: a second, independent SVG renderer for the SVG format's barcode test.
 */
export function svgToPng(svg: string, widthPx: number): Buffer {
  const image = new Image();
  image.src = Buffer.from(svg, 'utf8');
  const scale = widthPx / image.width;
  const canvas = createCanvas(widthPx, Math.round(image.height * scale));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer('image/png');
}
