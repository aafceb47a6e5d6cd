import { deflateSync } from 'node:zlib';

/**
 * Reads a ZPL ^GF graphic field back into pixels, written from the ZPL II programming guide
 * independently of the label renderer: plain hex or ASCII compression (G–Y / g–z counts,
 * `,` zeros to end of row, `!` ones to end of row, `:` repeat the previous row).
 */
export interface ZplGraphic {
  x: number;
  y: number;
  width: number;
  height: number;
  /** 1 = a printed dot. */
  dots: Uint8Array;
}

export function zplLabels(zpl: string): string[] {
  return zpl
    .split('^XZ')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('^XA'))
    .map((s) => `${s}\n^XZ`);
}

export function readGraphicFields(label: string): ZplGraphic[] {
  const out: ZplGraphic[] = [];
  const re = /\^FO(\d+),(\d+)\^GFA,(\d+),(\d+),(\d+),([^^]*)\^FS/g;
  for (const m of label.matchAll(re)) {
    const [, x, y, total, , perRow, data] = m;
    const bytesPerRow = Number(perRow);
    const height = Number(total) / bytesPerRow;
    const rows = decodeRows(data.replace(/\s+/g, ''), bytesPerRow * 2);
    if (rows.length !== height) throw new Error(`^GF: expected ${height} rows, got ${rows.length}`);
    const width = bytesPerRow * 8;
    const dots = new Uint8Array(width * height);
    rows.forEach((hex, r) => {
      for (let i = 0; i < hex.length; i++) {
        const nibble = parseInt(hex[i], 16);
        for (let b = 0; b < 4; b++) dots[r * width + i * 4 + b] = (nibble >> (3 - b)) & 1;
      }
    });
    out.push({ x: Number(x), y: Number(y), width, height, dots });
  }
  return out;
}

function decodeRows(data: string, hexPerRow: number): string[] {
  const rows: string[] = [];
  let row = '';
  let count = 0;
  const flush = () => {
    if (row.length !== hexPerRow) throw new Error(`^GF row of ${row.length} hex digits, expected ${hexPerRow}`);
    rows.push(row);
    row = '';
  };
  for (const ch of data) {
    if (ch >= 'G' && ch <= 'Y') count += ch.charCodeAt(0) - 'G'.charCodeAt(0) + 1;
    else if (ch >= 'g' && ch <= 'z') count += (ch.charCodeAt(0) - 'g'.charCodeAt(0) + 1) * 20;
    else if (/[0-9A-F]/.test(ch)) {
      row += ch.repeat(count || 1);
      count = 0;
      if (row.length === hexPerRow) flush();
    } else if (ch === ',') {
      row = row.padEnd(hexPerRow, '0');
      flush();
    } else if (ch === '!') {
      row = row.padEnd(hexPerRow, 'F');
      flush();
    } else if (ch === ':') {
      rows.push(rows[rows.length - 1]);
    } else throw new Error(`^GF: unexpected ${JSON.stringify(ch)}`);
  }
  if (row.length > 0) flush();
  return rows;
}

/** The printed page of one ZPL label (^PW × ^LL dots) as a greyscale PNG: black dots on white. */
export function zplToPng(label: string): { png: Buffer; width: number; height: number } {
  const width = Number(/\^PW(\d+)/.exec(label)?.[1]);
  const height = Number(/\^LL(\d+)/.exec(label)?.[1]);
  const page = new Uint8Array(width * height).fill(255);
  for (const g of readGraphicFields(label)) {
    for (let y = 0; y < g.height; y++) {
      for (let x = 0; x < g.width; x++) {
        const px = g.x + x;
        const py = g.y + y;
        if (px < width && py < height && g.dots[y * g.width + x]) page[py * width + px] = 0;
      }
    }
  }
  return { png: greyPng(page, width, height), width, height };
}

/** A minimal 8-bit greyscale PNG encoder (node:zlib only). */
export function greyPng(pixels: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length);
  return out;
}

function crc(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
