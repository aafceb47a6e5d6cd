import { describe, expect, it } from '@jest/globals';
import { correctionDueDate, nextPeriod, previousPeriod, taskState } from './schedule.js';

describe('the routine monitoring schedule (seed 7.2–7.7)', () => {
  it('a daily check done today is done; done yesterday, due; missed yesterday, overdue since the first missed day', () => {
    expect(taskState('daily', '2026-12-02', '2026-12-02')).toEqual({
      status: 'done',
      periodStart: '2026-12-02',
      periodEnd: '2026-12-02',
      overdueSince: null,
    });
    expect(taskState('daily', '2026-12-02', '2026-12-01').status).toBe('due');
    expect(taskState('daily', '2026-12-02', '2026-11-30')).toMatchObject({ status: 'overdue', overdueSince: '2026-12-01' });
    expect(taskState('daily', '2026-12-02', '2026-11-20')).toMatchObject({ status: 'overdue', overdueSince: '2026-11-21' });
    // Never done: overdue since yesterday (nothing covers it).
    expect(taskState('daily', '2026-12-02', null)).toMatchObject({ status: 'overdue', overdueSince: '2026-12-01' });
  });

  it('a monthly check done on the 3rd covers its month; next month it is due, the month after overdue', () => {
    expect(taskState('monthly', '2026-11-28', '2026-11-03')).toEqual({
      status: 'done',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      overdueSince: null,
    });
    expect(taskState('monthly', '2026-12-31', '2026-11-03')).toMatchObject({
      status: 'due',
      periodStart: '2026-12-01',
      periodEnd: '2026-12-31',
    });
    expect(taskState('monthly', '2027-01-01', '2026-11-03')).toMatchObject({ status: 'overdue', overdueSince: '2026-12-01' });
    expect(taskState('monthly', '2027-01-15', '2026-12-31').status).toBe('due');
  });

  it('periods cross month and year ends; February has its own length', () => {
    expect(nextPeriod('monthly', '2026-12-01')).toBe('2027-01-01');
    expect(previousPeriod('monthly', '2027-01-01')).toBe('2026-12-01');
    expect(previousPeriod('daily', '2027-03-01')).toBe('2027-02-28');
    expect(taskState('monthly', '2028-02-10', null)).toMatchObject({ periodEnd: '2028-02-29', overdueSince: '2028-01-01' });
  });

  it('a corrective action is due the next day for a daily check, within a week for a monthly one', () => {
    expect(correctionDueDate('daily', '2026-12-31')).toBe('2027-01-01');
    expect(correctionDueDate(null, '2026-12-31')).toBe('2027-01-01');
    expect(correctionDueDate('monthly', '2026-12-28')).toBe('2027-01-04');
  });
});
