import { describe, expect, it } from '@jest/globals';
import { caseStatus } from './defect-status.js';

const at = (over: Partial<Parameters<typeof caseStatus>[0]>) =>
  caseStatus({ closed: false, investigated: true, openActions: 0, lastSeq: 1, verifiedSeq: null, verifiedEffective: null, ...over });

describe('caseStatus (seed 20: a defect closes only after its actions are done and verified)', () => {
  it('walks reported → action open → action done → verified → closed', () => {
    expect(at({ investigated: false, lastSeq: 0 })).toBe('reported');
    expect(at({ openActions: 1 })).toBe('action_open');
    expect(at({})).toBe('action_done');
    expect(at({ verifiedSeq: 1, verifiedEffective: true })).toBe('verified');
    expect(at({ verifiedSeq: 1, verifiedEffective: true, closed: true })).toBe('closed');
  });

  it('a round found not effective waits for a further action; that action’s round is verified again', () => {
    expect(at({ verifiedSeq: 1, verifiedEffective: false })).toBe('not_effective');
    expect(at({ lastSeq: 2, openActions: 1, verifiedSeq: 1, verifiedEffective: false })).toBe('action_open');
    expect(at({ lastSeq: 2, verifiedSeq: 1, verifiedEffective: false })).toBe('action_done');
    expect(at({ lastSeq: 2, verifiedSeq: 2, verifiedEffective: true })).toBe('verified');
  });
});
