import ExcelJS from 'exceljs';

/** An XLSX answer's workbook, as Excel would open it. */
export async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  return wb;
}

/** A report sheet's data rows (below its title line and its Chinese and English headers), each as its cells' values. */
export function dataRows(ws: ExcelJS.Worksheet): unknown[][] {
  return ws
    .getSheetValues()
    .slice(4)
    .filter(Boolean)
    .map((r) => (r as unknown[]).slice(1));
}

/** A sheet of item / value lines (a record's particulars) as a map of item to value. */
export function particularsOf(ws: ExcelJS.Worksheet): Map<string, unknown> {
  return new Map(dataRows(ws).map((r) => [String(r[0]), r[1]]));
}
