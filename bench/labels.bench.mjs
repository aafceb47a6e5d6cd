// Label rendering speed: labels per second per format, and one load's 200 labels as one PDF.
// Run after a build:  npm run build && node bench/labels.bench.mjs
// Prints figures only; nothing here asserts a time (a CI machine's speed varies).
// bench/run.mjs imports measureLabels() for its "Labels" section.
import { pathToFileURL } from 'node:url';
import { renderLabels } from '../dist/src/labels/label-renderer.js';
import { packBarcode } from '../dist/src/kernel/barcode.js';

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

export const LABEL_FORMATS = [
  { name: 'PNG 300 dpi, Code 128', key: 'png', format: 'png', over: {}, opts: {} },
  { name: 'PNG 300 dpi, GS1 DataMatrix', key: 'png_datamatrix', format: 'png', over: { gtin: '09501101530003' }, opts: {} },
  { name: 'SVG, Code 128', key: 'svg', format: 'svg', over: {}, opts: {} },
  { name: 'PDF, Code 128', key: 'pdf', format: 'pdf', over: {}, opts: {} },
  { name: 'ZPL 203 dpi, Code 128', key: 'zpl', format: 'zpl', over: {}, opts: {} },
  { name: 'ZPL 203 dpi, QR', key: 'zpl_qr', format: 'zpl', over: {}, opts: { symbology: 'qr' } },
];

export const LOAD_DOCUMENTS = [
  { name: 'PDF, A4 sheets (12 pages)', key: 'pdf_a4', opts: { format: 'pdf', sheet: 'a4' } },
  { name: 'PDF, one label per page', key: 'pdf_label', opts: { format: 'pdf', sheet: 'label' } },
  { name: 'ZPL stream, 203 dpi', key: 'zpl', opts: { format: 'zpl' } },
];

/**
 * Renders in this process (no HTTP, no database): one label per call for each format, at most
 * `perFormat` labels or `budgetMs` per format; then one load of `loadSize` labels per document
 * kind (`documents`: only these keys), `loadRuns` times (the median is kept).
 */
export async function measureLabels({ perFormat = 200, budgetMs = Infinity, loadSize = 200, loadRuns = 5, documents: only = null } = {}) {
  // Warm-up: the font slices this text needs are decompressed once per process.
  await renderLabels([label(0)], { format: 'pdf', ...size }, 'warm-up');
  await renderLabels([label(0, { gtin: '09501101530003' })], { format: 'png', ...size }, 'warm-up');

  const formats = [];
  for (const f of LABEL_FORMATS) {
    const t0 = performance.now();
    let n = 0;
    while (n < perFormat && (n === 0 || performance.now() - t0 < budgetMs)) {
      await renderLabels([label(n, f.over)], { format: f.format, ...size, ...f.opts }, 'bench');
      n++;
    }
    const ms = performance.now() - t0;
    formats.push({ name: f.name, key: f.key, labels: n, ms, perSecond: (n * 1000) / ms });
  }

  const load = Array.from({ length: loadSize }, (_, i) => label(i));
  const documents = [];
  for (const d of LOAD_DOCUMENTS.filter((x) => !only || only.includes(x.key))) {
    const runs = [];
    let bytes = 0;
    for (let r = 0; r < loadRuns; r++) {
      const t0 = performance.now();
      bytes = (await renderLabels(load, { ...d.opts, ...size }, 'load')).body.length;
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    documents.push({ name: d.name, key: d.key, labels: loadSize, runs: loadRuns, medianMs: runs[Math.floor(runs.length / 2)], bytes });
  }
  return { size, formats, documents };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await measureLabels();
  console.log(`node ${process.version}, ${size.widthMm} × ${size.heightMm} mm labels\n`);
  console.log('one label per call          labels/s');
  for (const f of r.formats) console.log(`  ${f.name.padEnd(28)}${String(Math.round(f.perSecond)).padStart(6)}`);
  console.log('\none load: 200 labels in one document    ms (median of 5)    bytes');
  for (const d of r.documents)
    console.log(`  ${d.name.padEnd(38)}${String(Math.round(d.medianMs)).padStart(6)}${String(d.bytes).padStart(14)}`);
}
