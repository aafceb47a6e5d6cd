// Label rendering speed: labels per second per format, and one load's 200 labels as one PDF.
// Run after a build:  npm run build && node bench/labels.bench.mjs
// Prints figures only; nothing here asserts a time (a CI machine's speed varies).
import { renderLabels } from '../dist/src/labels/label-renderer.js';
import { packBarcode } from '../dist/src/packs/barcode.js';

const base = {
  templateCode: 'TPL-APP-01',
  nameZh: '阑尾切除手术包',
  nameEn: 'Appendectomy set',
  sterilizerCode: 'S1',
  cycleNo: 42,
  sterilizationDate: '2026-05-01',
  expiryDate: '2026-11-01',
  packer: '张晓玥',
  checker: '李喆',
  gtin: null,
};
const NAMES = ['阑尾切除手术包', '清创缝合包', '换药包', '腹腔镜器械包', '剖宫产手术包', '骨科植入物器械包', '气管切开包', '静脉切开包'];
const label = (i, over = {}) => {
  const barcode = packBarcode(1000 + i);
  return { ...base, nameZh: NAMES[i % NAMES.length], barcode, provenanceUrl: `http://cssd.local/api/trace/packs/${barcode}`, ...over };
};
const size = { widthMm: 60, heightMm: 40 };

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// Warm-up: the font slices this text needs are decompressed once per process.
await renderLabels([label(0)], { format: 'pdf', ...size }, 'warm-up');
await renderLabels([label(0, { gtin: '09501101530003' })], { format: 'png', ...size }, 'warm-up');

console.log(`node ${process.version}, ${size.widthMm} × ${size.heightMm} mm labels\n`);
console.log('one label per call          labels/s');
const N = 200;
for (const [name, format, over, opts] of [
  ['PNG 300 dpi, Code 128', 'png', {}, {}],
  ['PNG 300 dpi, GS1 DataMatrix', 'png', { gtin: '09501101530003' }, {}],
  ['SVG, Code 128', 'svg', {}, {}],
  ['PDF, Code 128', 'pdf', {}, {}],
  ['ZPL 203 dpi, Code 128', 'zpl', {}, {}],
  ['ZPL 203 dpi, QR', 'zpl', {}, { symbology: 'qr' }],
]) {
  const ms = await timed(async () => {
    for (let i = 0; i < N; i++) await renderLabels([label(i, over)], { format, ...size, ...opts }, 'bench');
  });
  console.log(`  ${name.padEnd(28)}${String(Math.round((N * 1000) / ms)).padStart(6)}`);
}

console.log('\none load: 200 labels in one document    ms (median of 5)    bytes');
const load = Array.from({ length: 200 }, (_, i) => label(i));
for (const [name, opts] of [
  ['PDF, A4 sheets (12 pages)', { format: 'pdf', sheet: 'a4' }],
  ['PDF, one label per page', { format: 'pdf', sheet: 'label' }],
  ['ZPL stream, 203 dpi', { format: 'zpl' }],
]) {
  const runs = [];
  let bytes = 0;
  for (let r = 0; r < 5; r++) {
    runs.push(
      await timed(async () => {
        bytes = (await renderLabels(load, { ...opts, ...size }, 'load')).body.length;
      }),
    );
  }
  runs.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(38)}${String(Math.round(runs[2])).padStart(6)}${String(bytes).padStart(14)}`);
}
