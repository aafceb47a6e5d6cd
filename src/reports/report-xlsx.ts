import type ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { wallClock, type ReportCell, type ReportColumn, type ReportDocument } from './report-table.js';

const FORMATS: Record<ReportColumn['kind'], string | undefined> = {
  text: undefined,
  int: '0',
  decimal: '0.0#',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  date: 'yyyy-mm-dd',
};

/** Characters a sheet name may not hold, and its length limit (Excel). */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** A text cell never starts a formula in Excel (= + - @ are neutralised, as in the CSV). */
const safeText = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);

function cellValue(c: ReportCell, col: ReportColumn, timezone: string): ExcelJS.CellValue {
  if (c === null) return null;
  if (col.kind === 'datetime' && c instanceof Date) return wallClock(c, timezone);
  if (col.kind === 'date' && typeof c === 'string') return new Date(`${c}T00:00:00Z`);
  if (typeof c === 'string') return safeText(c);
  return c;
}

/**
 * The report as an XLSX workbook: one worksheet per sheet, named in Chinese; a title line (hospital,
 * report, period), the headers in Chinese and under them in English, then the rows — numbers as
 * numbers, times as Excel dates showing the hospital's wall clock (Excel knows no time zones).
 *
 * Written as a stream, row by row (exceljs's WorkbookWriter): the whole workbook in memory took
 * about 10 kB of heap a row, and a recall of a sterilizer's whole history ran the 256 MB service out.
 */
export async function reportXlsx(doc: ReportDocument, now: Date): Promise<Buffer> {
  // Loaded on the first export, not at start-up (0.7 s of CPU; most processes never export).
  const { default: excel } = await import('exceljs');
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'cssd-trace';
  wb.created = now;
  wb.title = `${doc.titleZh} ${doc.titleEn}`;
  for (const sheet of doc.sheets) {
    const ws = wb.addWorksheet(sheetName(sheet.nameZh), { views: [{ state: 'frozen', ySplit: 3 }] });
    ws.columns = sheet.columns.map((c) => ({ width: Math.max(8, c.width), style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {} }));
    const title = ws.addRow([`${doc.hospital}  ${doc.titleZh} ${doc.titleEn}  ${doc.period}（${doc.timezone}）`]);
    title.font = { bold: true, size: 13 };
    title.commit();
    const zh = ws.addRow(sheet.columns.map((c) => c.zh));
    zh.font = { bold: true };
    zh.commit();
    const en = ws.addRow(sheet.columns.map((c) => c.en));
    en.font = { italic: true, color: { argb: 'FF555555' } };
    en.commit();
    for (const row of sheet.rows) ws.addRow(row.map((c, i) => cellValue(c, sheet.columns[i], doc.timezone))).commit();
    ws.commit();
  }
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
