import { StreamableFile } from '@nestjs/common';
import { getSchemaPath } from '@nestjs/swagger';
import { reportPdf } from './report-pdf.js';
import type { ReportDocument } from './report-table.js';
import { reportXlsx } from './report-xlsx.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The exports, for the OpenAPI document: an XLSX workbook and an A4 PDF. */
export const FILE_CONTENT = {
  [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
  'application/pdf': { schema: { type: 'string', format: 'binary' } },
};

/** A report as JSON (its view) or as one of the exports, for the OpenAPI document. */
export const reportContent = (view: new () => object) => ({
  'application/json': { schema: { $ref: getSchemaPath(view) } },
  ...FILE_CONTENT,
});

/** A file name as a Content-Disposition header carries it: letters, digits, dot, dash and underscore. */
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

/** The document as an XLSX workbook or an A4 PDF, downloaded as `<name>.<format>`. */
export async function reportFile(doc: ReportDocument, format: 'xlsx' | 'pdf', name: string, printedAt: Date): Promise<StreamableFile> {
  const body = format === 'xlsx' ? await reportXlsx(doc, printedAt) : await reportPdf(doc, printedAt);
  return new StreamableFile(body, {
    type: format === 'xlsx' ? XLSX_TYPE : 'application/pdf',
    disposition: `attachment; filename="${safeName(name)}.${format}"`,
    length: body.length,
  });
}
