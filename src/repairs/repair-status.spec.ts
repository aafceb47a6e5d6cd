import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { assertStepAllowed, compensationStatus, isClosed, nextSteps, repairStatus, type EntryFacts } from './repair-status.js';

const f = (over: Partial<EntryFacts>): EntryFacts => ({ disposition: 'repair', steps: [], charged: false, ...over });
const code = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('repair status (seed 4.4)', () => {
  it('a repair goes to the vendor, then back repaired or beyond repair (then scrapped on confirmation)', () => {
    expect(repairStatus(f({}))).toBe('awaiting_repair');
    expect(nextSteps(f({}))).toEqual(['sent']);
    expect(repairStatus(f({ steps: ['sent'] }))).toBe('at_vendor');
    expect(nextSteps(f({ steps: ['sent'] }))).toEqual(['repaired', 'beyond_repair']);
    expect(repairStatus(f({ steps: ['sent', 'repaired'] }))).toBe('repaired');
    expect(isClosed(f({ steps: ['sent', 'repaired'] }))).toBe(true);
    expect(repairStatus(f({ steps: ['sent', 'beyond_repair'] }))).toBe('awaiting_scrap');
    expect(repairStatus(f({ steps: ['sent', 'beyond_repair', 'scrap_confirmed'] }))).toBe('scrapped');
  });

  it('a scrap waits for the head nurse; a loss is closed unless its compensation is open', () => {
    expect(repairStatus(f({ disposition: 'scrap' }))).toBe('awaiting_scrap');
    expect(isClosed(f({ disposition: 'scrap' }))).toBe(false);
    expect(isClosed(f({ disposition: 'lost' }))).toBe(true);
    expect(isClosed(f({ disposition: 'lost', charged: true }))).toBe(false);
    expect(compensationStatus(f({ disposition: 'lost', charged: true }))).toBe('open');
    expect(isClosed(f({ disposition: 'lost', charged: true, steps: ['compensation_settled'] }))).toBe(true);
  });

  it('refuses a step on a closed entry and a step out of order', () => {
    expect(code(() => assertStepAllowed(f({ steps: ['sent', 'repaired'] }), 'beyond_repair'))).toBe('REPAIR_ENTRY_CLOSED');
    expect(code(() => assertStepAllowed(f({}), 'repaired'))).toBe('REPAIR_STEP_NOT_ALLOWED');
    expect(code(() => assertStepAllowed(f({ disposition: 'scrap' }), 'sent'))).toBe('REPAIR_STEP_NOT_ALLOWED');
    expect(code(() => assertStepAllowed(f({ disposition: 'scrap' }), 'scrap_confirmed'))).toBeNull();
  });
});
