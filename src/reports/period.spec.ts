import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { reportPeriod } from './period.js';

const TZ = 'Asia/Shanghai';
const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('reportPeriod', () => {
  it('is today when nothing is asked, one hospital day as its local midnights', () => {
    expect(reportPeriod({}, '2026-12-03', TZ, 31)).toEqual({
      fromDate: '2026-12-03',
      toDate: '2026-12-03',
      from: new Date('2026-12-02T16:00:00Z'),
      to: new Date('2026-12-03T16:00:00Z'),
      days: 1,
    });
  });

  it('a week runs Monday to Sunday whichever day names it; a month to its last day (leap February too)', () => {
    expect(reportPeriod({ week: '2026-12-06' }, '2026-12-03', TZ, 366)).toMatchObject({
      fromDate: '2026-11-30',
      toDate: '2026-12-06',
      days: 7,
    });
    expect(reportPeriod({ month: '2028-02' }, '2026-12-03', TZ, 366)).toMatchObject({
      fromDate: '2028-02-01',
      toDate: '2028-02-29',
      days: 29,
    });
    expect(reportPeriod({ month: '2026-12' }, '2026-12-03', TZ, 366).to).toEqual(new Date('2026-12-31T16:00:00Z'));
  });

  it('takes a range up to the limit, inclusive of both days; refuses longer, reversed, half or mixed periods', () => {
    expect(reportPeriod({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-03', TZ, 31).days).toBe(31);
    expect(refused(() => reportPeriod({ from: '2026-12-01', to: '2027-01-01' }, '2026-12-03', TZ, 31))).toBe('REPORT_PERIOD_TOO_LONG');
    expect(refused(() => reportPeriod({ from: '2026-12-02', to: '2026-12-01' }, '2026-12-03', TZ, 31))).toBe('REPORT_PERIOD_INVALID');
    expect(refused(() => reportPeriod({ to: '2026-12-01' }, '2026-12-03', TZ, 31))).toBe('REPORT_PERIOD_INVALID');
    expect(refused(() => reportPeriod({ date: '2026-12-01', month: '2026-12' }, '2026-12-03', TZ, 31))).toBe('REPORT_PERIOD_INVALID');
  });
});
