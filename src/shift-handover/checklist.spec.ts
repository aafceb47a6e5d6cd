import { describe, expect, it } from '@jest/globals';
import { checklistAnswers } from './checklist.js';
import { CHECK_ITEMS } from './shifts.js';

const all = (over: Record<string, { done: boolean; reason?: string }> = {}) =>
  CHECK_ITEMS.map((item) => ({ item, ...(over[item] ?? { done: true }) }));
const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'not a domain error';
  }
};

describe('the end-of-shift checklist (seed 2.1)', () => {
  it('keeps every item once, in the list’s order; a reason only for one not done', () => {
    const items = [...all({ gas: { done: false, reason: ' 夜班继续使用 ' } })].reverse();
    expect(checklistAnswers({ items })).toEqual(
      CHECK_ITEMS.map((item) => (item === 'gas' ? { item, done: false, reason: '夜班继续使用' } : { item, done: true, reason: null })),
    );
    expect(checklistAnswers({ items: all({ water: { done: true, reason: 'ignored' } }) })[0]).toEqual({
      item: 'water',
      done: true,
      reason: null,
    });
  });

  it('refuses an item missing or repeated, and one not done without a reason', () => {
    expect(code(() => checklistAnswers({ items: all().slice(1) }))).toBe('SHIFT_HANDOVER_CHECKLIST_INCOMPLETE');
    expect(code(() => checklistAnswers({ items: [...all(), { item: 'steam', done: true }] }))).toBe('SHIFT_HANDOVER_CHECKLIST_INCOMPLETE');
    expect(code(() => checklistAnswers({ items: all({ steam: { done: false } }) }))).toBe('SHIFT_HANDOVER_REASON_REQUIRED');
    expect(code(() => checklistAnswers({ items: all({ steam: { done: false, reason: '   ' } }) }))).toBe('SHIFT_HANDOVER_REASON_REQUIRED');
  });
});
