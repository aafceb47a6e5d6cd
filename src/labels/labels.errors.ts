import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of the labels module, merged into the one ERRORS table. */
export const LABEL_ERRORS = {
  LABEL_FIELDS_MISSING: {
    status: 422,
    zh: '标签信息不全，不能打印：缺少 {fieldsZh}',
    en: 'The label cannot be printed: missing {fieldsEn}',
  },
  LABEL_ALREADY_PRINTED: {
    status: 409,
    zh: '标签已打印过：{what}。补打请填写原因',
    en: 'Already printed: {what}. A reprint needs a reason',
  },
  LABEL_SYMBOLOGY_UNAVAILABLE: {
    status: 422,
    zh: '{symbology} 需要器械包模板的 GTIN，此模板没有',
    en: '{symbology} needs the set template’s GTIN, which this template does not have',
  },
  LABEL_GS1_INVALID: { status: 422, zh: 'GS1 数据无效：{problem}', en: 'Invalid GS1 data: {problem}' },
  LABEL_TOO_SMALL: {
    status: 422,
    zh: '标签尺寸 {size} 放不下{what}，请选择更大的标签或二维码',
    en: 'A {size} label is too small for the {what}; choose a larger label or a 2D symbology',
  },
  LABELS_NOT_PRINTED: {
    status: 409,
    zh: '{count} 个包的标签尚未打印，请先打印标签再启动：{packsZh}',
    en: 'The labels of {count} pack(s) have not been printed; print them before starting: {packsEn}',
  },
  LABELS_OUTDATED: {
    status: 409,
    zh: '{count} 个包的已打印标签与本锅次不符（灭菌器编号/灭菌日期/失效日期），请补打标签后再启动：{barcodes}',
    en: 'The printed labels of {count} pack(s) no longer match this run (sterilizer number, sterilization or expiry date); reprint them before starting: {barcodes}',
  },
  LABEL_NOTHING_TO_PRINT: { status: 422, zh: '该锅次没有可打印标签的包', en: 'No pack of this load can have a label printed' },
  PRINTER_NOT_FOUND: {
    status: 404,
    zh: '没有名为 {printer} 的标签打印机（CSSD_LABEL_PRINTERS）',
    en: 'No label printer named {printer} (CSSD_LABEL_PRINTERS)',
  },
  PRINTER_UNREACHABLE: {
    status: 503,
    zh: '标签打印机 {printer} 无法连接（{why}）：标签未打印，也未记录；请检查打印机后重试',
    en: 'Label printer {printer} cannot be reached ({why}): nothing was printed or recorded; check the printer and try again',
  },
  LABEL_IDEMPOTENCY_UNSUPPORTED: {
    status: 400,
    zh: '打印标签不支持 Idempotency-Key：未收到标签时请补打并填写原因',
    en: 'Label printing does not take an Idempotency-Key: if a label did not arrive, reprint it with a reason',
  },
} as const satisfies Record<string, ErrorSpec>;
