import { describe, expect, it } from '@jest/globals';
import { defectMonths, type DefectCount } from './defect-analysis.js';

const count = (over: Partial<DefectCount>): DefectCount => ({
  month: '2026-10',
  kind: 'wet_pack',
  zone: 'sterilization',
  closed: false,
  overdue: false,
  n: 1,
  ...over,
});

describe('defectMonths (seed 10.1: the monthly analysis)', () => {
  it('counts each month by kind and zone, every kind and zone listed', () => {
    const [m] = defectMonths(['2026-10'], [count({ n: 2 }), count({ kind: 'labelling_error', zone: 'packing', closed: true })]);
    expect(m).toMatchObject({ month: '2026-10', total: 3, open: 2, overdue: 0, closed: 1, trend: null });
    expect(m.byKind).toHaveLength(8);
    expect(m.byKind.filter((k) => k.count > 0)).toEqual([
      { kind: 'wet_pack', count: 2 },
      { kind: 'labelling_error', count: 1 },
    ]);
    expect(m.byZone).toHaveLength(7);
    expect(m.byZone.filter((z) => z.count > 0)).toEqual([
      { zone: 'packing', count: 1 },
      { zone: 'sterilization', count: 2 },
    ]);
  });

  it('overdue is open with an action past due; a closed one is never overdue', () => {
    const [m] = defectMonths(['2026-10'], [count({ overdue: true }), count({ closed: true, overdue: true }), count({})]);
    expect(m).toMatchObject({ total: 3, open: 2, overdue: 1, closed: 1 });
  });

  it('a month without defects is all zeros; the trend compares each total with the month before', () => {
    const months = defectMonths(
      ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
      [count({ month: '2026-09', n: 2 }), count({ month: '2026-10', n: 1 }), count({ month: '2026-11', n: 1 })],
    );
    expect(months.map((m) => [m.month, m.total, m.trend])).toEqual([
      ['2026-08', 0, null],
      ['2026-09', 2, 'up'],
      ['2026-10', 1, 'down'],
      ['2026-11', 1, 'same'],
      ['2026-12', 0, 'down'],
    ]);
  });

  it('ignores months it was not asked for', () => {
    expect(defectMonths(['2026-10'], [count({ month: '2026-09' })])[0].total).toBe(0);
  });
});
