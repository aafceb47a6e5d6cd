import { DomainError } from '../common/errors/domain-error.js';
import { isValidPackBarcode, PACK_BARCODE } from './barcode.js';

export type Scanned = { kind: 'pack'; barcode: string } | { kind: 'set'; assetCode: string };

/**
 * What a scanner typed at a station: a pack label or a set's asset code. Checked by format
 * (and the label's check digit) before any query runs.
 */
export function readScan(raw: string): Scanned {
  const code = raw.trim();
  if (!/^[\x21-\x7e]{1,64}$/.test(code)) throw new DomainError('INVALID_BARCODE', { code: code.slice(0, 64) });
  if (PACK_BARCODE.test(code)) {
    if (!isValidPackBarcode(code)) throw new DomainError('INVALID_BARCODE', { code }, { reason: 'check digit' });
    return { kind: 'pack', barcode: code };
  }
  return { kind: 'set', assetCode: code };
}

/** Stages where only a pack label makes sense (loading, storage, dispatch, use). */
export function readPackBarcode(raw: string): string {
  const s = readScan(raw);
  if (s.kind !== 'pack') throw new DomainError('INVALID_BARCODE', { code: s.assetCode }, { reason: 'a pack label (P + 11 digits) is expected here' });
  return s.barcode;
}
