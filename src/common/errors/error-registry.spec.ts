import { describe, expect, it } from '@jest/globals';
import { ErrorRegistry, mergeErrorTables } from './error-registry.js';
import type { ErrorCode } from './error-codes.js';

const PACKS = { PACK_GONE: { status: 404, zh: '包 {barcode} 不存在', en: 'Pack {barcode} is unknown' } };
const LOADS = { LOAD_SHUT: { status: 409, zh: '锅次已关闭', en: 'The load is closed' } };

describe('the error registry', () => {
  it('holds every owner’s codes as one table', () => {
    expect(mergeErrorTables({ packs: PACKS, loads: LOADS })).toEqual({ ...PACKS, ...LOADS });
  });

  it('refuses a code two owners declare, naming both', () => {
    const rival = { PACK_GONE: { status: 410, zh: '包已丢失', en: 'The pack is lost' } };
    expect(() => mergeErrorTables({ packs: PACKS, loads: LOADS, recall: rival })).toThrow(
      'error code PACK_GONE is declared by both packs and recall',
    );
  });

  it('answers a code’s status and its message in the language asked for', () => {
    const registry = new ErrorRegistry(mergeErrorTables({ packs: PACKS, loads: LOADS }));
    const gone = 'PACK_GONE' as ErrorCode; // a code of this test's tables, not of the service's
    expect(registry.status(gone)).toBe(404);
    expect(registry.message(gone, { barcode: 'P1' }, 'zh-CN')).toBe('包 P1 不存在');
    expect(registry.message(gone, { barcode: 'P1' }, 'en')).toBe('Pack P1 is unknown');
    expect(registry.has('LOAD_SHUT')).toBe(true);
    expect(registry.has('NO_SUCH_CODE')).toBe(false);
    expect(() => registry.status('NO_SUCH_CODE' as ErrorCode)).toThrow(/unknown error code NO_SUCH_CODE/);
  });
});
