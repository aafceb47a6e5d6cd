import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import {
  countsAgainst,
  lowStock,
  readRequisitionCode,
  reconcile,
  requisitionCode,
  requisitionStatus,
  roundStatus,
  shortfall,
} from './requisition-rules.js';

const label = (id: string) => ({ zh: `包${id}`, en: `set ${id}` });
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

describe('requisition rules', () => {
  it('a shortfall is what the base lacks, never below 0', () => {
    expect(shortfall(4, 1)).toBe(3);
    expect(shortfall(4, 4)).toBe(0);
    expect(shortfall(2, 5)).toBe(0);
    expect(shortfall(0, 0)).toBe(0);
  });

  it('partial fulfilment stays open; every line full is fulfilled; a closing ends it whatever was sent', () => {
    const lines = (a: number, b: number) => [
      { templateId: 'A', quantity: 2, fulfilled: a },
      { templateId: 'B', quantity: 1, fulfilled: b },
    ];
    expect(requisitionStatus(lines(0, 0), null)).toBe('open');
    expect(requisitionStatus(lines(1, 0), null)).toBe('partial');
    expect(requisitionStatus(lines(2, 0), null)).toBe('partial');
    expect(requisitionStatus(lines(2, 1), null)).toBe('fulfilled');
    expect(requisitionStatus(lines(1, 0), 'cancelled')).toBe('cancelled');
    expect(requisitionStatus(lines(0, 0), 'refused')).toBe('refused');
  });

  it('a pack counts on its template’s line while the line is short; beyond it, or not requested, it does not', () => {
    const lines = [{ templateId: 'A', quantity: 2, fulfilled: 1 }];
    expect(countsAgainst(lines, 'A')).toMatchObject({ counts: true });
    expect(countsAgainst(lines, 'B')).toEqual({ counts: false, why: 'not_requested', line: null });
    lines[0].fulfilled = 2;
    expect(countsAgainst(lines, 'A')).toMatchObject({ counts: false, why: 'beyond_quantity' });
  });

  it('reconciles a count with the manifest: every template counted once, a difference only with a note', () => {
    const expected = new Map([
      ['A', 2],
      ['B', 1],
    ]);
    expect(
      reconcile(
        expected,
        [
          { templateId: 'A', counted: 2 },
          { templateId: 'B', counted: 1 },
        ],
        label,
      ),
    ).toEqual({
      reconciled: true,
      lines: [
        { templateId: 'A', expected: 2, counted: 2, difference: 0, note: null },
        { templateId: 'B', expected: 1, counted: 1, difference: 0, note: null },
      ],
    });
    const short = reconcile(
      expected,
      [
        { templateId: 'A', counted: 1, note: ' 少一包 ' },
        { templateId: 'B', counted: 1 },
        { templateId: 'C', counted: 1, note: '多收一包' },
      ],
      label,
    );
    expect(short.reconciled).toBe(false);
    expect(short.lines).toEqual([
      { templateId: 'A', expected: 2, counted: 1, difference: -1, note: '少一包' },
      { templateId: 'B', expected: 1, counted: 1, difference: 0, note: null },
      { templateId: 'C', expected: 0, counted: 1, difference: 1, note: '多收一包' },
    ]);
    expect(code(() => reconcile(expected, [{ templateId: 'A', counted: 2 }], label))).toBe('ROUND_COUNT_MISSING');
    expect(
      code(() =>
        reconcile(
          expected,
          [
            { templateId: 'A', counted: 1, note: '   ' },
            { templateId: 'B', counted: 1 },
          ],
          label,
        ),
      ),
    ).toBe('ROUND_COUNT_NOTE_REQUIRED');
    expect(
      code(() =>
        reconcile(
          expected,
          [
            { templateId: 'A', counted: 2 },
            { templateId: 'A', counted: 2 },
            { templateId: 'B', counted: 1 },
          ],
          label,
        ),
      ),
    ).toBe('ROUND_COUNT_DUPLICATE');
  });

  it('low stock: storage holding fewer packs than the departments’ shortfalls add up to', () => {
    const storage = new Map([
      ['A', 3],
      ['B', 5],
    ]);
    const alerts = lowStock(
      [
        { templateId: 'A', departmentId: 'd1', shortfall: 2 },
        { templateId: 'A', departmentId: 'd2', shortfall: 2 },
        { templateId: 'B', departmentId: 'd1', shortfall: 5 },
        { templateId: 'C', departmentId: 'd1', shortfall: 1 },
        { templateId: 'C', departmentId: 'd2', shortfall: 0 },
      ],
      storage,
    );
    expect(alerts).toEqual([
      { templateId: 'A', inStorage: 3, demand: 4, departments: ['d1', 'd2'] },
      { templateId: 'C', inStorage: 0, demand: 1, departments: ['d1'] },
    ]);
  });

  it('a manifest is open, closed, then signed with or without a difference', () => {
    expect(roundStatus(false, null)).toBe('open');
    expect(roundStatus(true, null)).toBe('closed');
    expect(roundStatus(true, { reconciled: true })).toBe('signed');
    expect(roundStatus(true, { reconciled: false })).toBe('signed_with_difference');
  });

  it('reads back the requisition barcode it prints, and nothing else', () => {
    expect(requisitionCode(12)).toBe('RQ00000012');
    expect(readRequisitionCode(' rq00000012 ')).toBe(12);
    expect(readRequisitionCode('P00000000017')).toBeNull();
    expect(readRequisitionCode('RQ')).toBeNull();
  });
});
