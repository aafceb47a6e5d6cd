import { describe, expect, it } from '@jest/globals';
import { CO_SIGNED, monthRange, summarizeWork, workloadCsv } from './workload.js';

describe('workload', () => {
  it('takes a month in the hospital time zone, December into January', () => {
    expect(monthRange('2026-12', 'Asia/Shanghai')).toEqual({
      from: new Date('2026-11-30T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
    });
    expect(monthRange('2026-03', 'Europe/Berlin')).toEqual({
      from: new Date('2026-02-28T23:00:00Z'),
      to: new Date('2026-03-31T22:00:00Z'),
    }); // DST starts 29 March
  });

  it('sums event types into zones per person, co-signatures apart, busiest first; other events do not count', () => {
    const users = new Map([
      ['a', { id: 'a', username: 'a', displayName: 'A', role: 'nurse' }],
      ['b', { id: 'b', username: 'b', displayName: 'B', role: 'monitor' }],
    ]);
    const r = summarizeWork(
      [
        { actorId: 'a', kind: 'recycle', n: 3 },
        { actorId: 'a', kind: 'load', n: 2 },
        { actorId: 'a', kind: 'unload_released', n: 2 },
        { actorId: 'a', kind: 'label_printed', n: 9 },
        { actorId: 'b', kind: 'release', n: 1 },
        { actorId: 'b', kind: CO_SIGNED, n: 4 },
        { actorId: 'gone', kind: 'dispatch', n: 1 },
      ],
      users,
    );
    expect(r.total).toBe(9);
    expect(r.stages.map((s) => [s.stage, s.count])).toEqual([
      ['recycling', 3],
      ['cleaning', 0],
      ['packing', 0],
      ['sterilization', 5],
      ['storage', 0],
      ['dispatch', 1],
    ]);
    expect(r.people.map((p) => [p.user?.id ?? null, p.total, p.coSigned])).toEqual([
      ['a', 7, 0],
      ['b', 1, 4],
      [null, 1, 0],
    ]);
    expect(r.people[0].byStage).toEqual({ recycling: 3, cleaning: 0, packing: 0, sterilization: 4, storage: 0, dispatch: 0 });
  });

  it('writes CSV for Excel: BOM, bilingual header, quoted fields, no formulas, a totals line', () => {
    const users = new Map([
      ['a', { id: 'a', username: 'zhang.san', displayName: '张三, 护士长 "A"', role: 'head_nurse' }],
      ['b', { id: 'b', username: 'li.si', displayName: '=HYPERLINK("x")', role: 'nurse' }],
    ]);
    const csv = workloadCsv({
      month: '2026-10',
      ...summarizeWork(
        [
          { actorId: 'a', kind: 'recycle', n: 3 },
          { actorId: 'b', kind: 'dispatch', n: 1 },
          { actorId: 'b', kind: CO_SIGNED, n: 2 },
        ],
        users,
      ),
    });
    expect(csv.startsWith('\uFEFF工号 Username,姓名 Name,角色 Role,回收 Collection,清洗消毒 Cleaning and disinfection,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(5); // header, two people, totals, and the final line break
    expect(lines[1]).toBe('zhang.san,"张三, 护士长 ""A""",head_nurse,3,0,0,0,0,0,3,0');
    expect(lines[2]).toBe(`li.si,"'=HYPERLINK(""x"")",nurse,0,0,0,0,0,1,1,2`);
    expect(lines[3]).toBe('合计 Total,2026-10,,3,0,0,0,0,1,4,2');
    expect(lines[4]).toBe('');
  });
});
