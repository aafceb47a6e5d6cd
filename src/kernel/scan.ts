import { DomainError } from '../common/errors/domain-error.js';
import { Gs1Error, parseScan } from './gs1.js';
import { isValidPackBarcode, PACK_BARCODE } from './barcode.js';

export type Scanned = { kind: 'pack'; barcode: string } | { kind: 'set'; assetCode: string };

/**
 * What a scanner typed at a station: a pack label or a set's asset code. Checked by format
 * (and the label's check digit) before any query runs. `now` is the service's clock: the
 * century of a GS1 symbol's YYMMDD dates is placed around its year.
 */
export function readScan(raw: string, now: Date): Scanned {
  // A GS1 symbol on a tray (AI 8004 GIAI) names the set's asset code (§3.1).
  if (raw.includes('\x1d') || /^\]|^\(\d{2,4}\)/.test(raw.trim())) {
    let parsed;
    try {
      parsed = parseScan(raw, { referenceYear: now.getUTCFullYear() });
    } catch (e) {
      if (e instanceof Gs1Error)
        throw new DomainError('INVALID_BARCODE', { code: raw.trim().slice(0, 64) }, { reason: e.code, message: e.describe() });
      throw e;
    }
    if (parsed.kind === 'gs1') {
      if (parsed.giai) return { kind: 'set', assetCode: parsed.giai };
      if (parsed.serial && PACK_BARCODE.test(parsed.serial)) return readScan(parsed.serial, now);
      throw new DomainError(
        'INVALID_BARCODE',
        { code: raw.trim().slice(0, 64) },
        {
          reason: 'GS1_NO_PACK_ID',
          message: { zh: 'GS1 条码中没有 GIAI (8004) 或包序列号 (21)', en: 'GS1 symbol without a GIAI (8004) or a pack serial (21)' },
        },
      );
    }
    raw = parsed.code;
  }
  const code = raw.trim();
  if (!/^[\x21-\x7e]{1,64}$/.test(code)) throw new DomainError('INVALID_BARCODE', { code: code.slice(0, 64) });
  if (PACK_BARCODE.test(code)) {
    if (!isValidPackBarcode(code))
      throw new DomainError(
        'INVALID_BARCODE',
        { code },
        { reason: 'check digit', message: { zh: '包条码校验位错误', en: 'wrong check digit of the pack barcode' } },
      );
    return { kind: 'pack', barcode: code };
  }
  return { kind: 'set', assetCode: code };
}

/** Stages where only a pack label makes sense (loading, storage, dispatch, use). */
export function readPackBarcode(raw: string, now: Date): string {
  const s = readScan(raw, now);
  if (s.kind !== 'pack')
    throw new DomainError(
      'INVALID_BARCODE',
      { code: s.assetCode },
      { reason: 'NOT_A_PACK', message: { zh: '此处需要扫描包标签（P + 11 位数字）', en: 'a pack label (P + 11 digits) is expected here' } },
    );
  return s.barcode;
}
