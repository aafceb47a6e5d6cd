import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { BiResult } from './bi-test.entity.js';
import { biVerdict, type BiVerdict } from './bi-verdict.js';

/**
 * docs/domain.md §4.2: a load's BIs are judged together — passed only when every BI read negative
 * (under a positive control of its lot that grew); one positive fails it whatever the others say;
 * one still incubating keeps it pending. A negative reading whose control did not grow proves
 * nothing (WS/T 367): not a pass. A load with no BI has no verdict.
 */

type Bi = { result: BiResult; controlFailed?: boolean };
const NEG: Bi = { result: 'passed' };
const NEG_BAD_CONTROL: Bi = { result: 'passed', controlFailed: true };
const POS: Bi = { result: 'failed' };
const INCUBATING: Bi = { result: 'pending' };

describe('biVerdict: several BIs of one load (§4.2)', () => {
  it.each<[string, Bi[], BiVerdict]>([
    ['no BI', [], 'none'],
    ['one negative', [NEG], 'passed'],
    ['two negatives (two PCDs)', [NEG, NEG], 'passed'],
    ['one positive', [POS], 'failed'],
    ['one incubating', [INCUBATING], 'pending'],
    ['the first read negative, the second still incubating', [NEG, INCUBATING], 'pending'],
    ['read out of order: the later-placed one negative first, the earlier still incubating', [INCUBATING, NEG], 'pending'],
    ['a positive while another still incubates: failed at once, not pending', [INCUBATING, POS], 'failed'],
    ['one positive among negatives', [NEG, POS, NEG], 'failed'],
    ['a negative whose control did not grow', [NEG_BAD_CONTROL], 'invalid'],
    ['one valid negative and one whose control did not grow', [NEG, NEG_BAD_CONTROL], 'invalid'],
    ['an invalid negative and one still incubating: wait for it', [NEG_BAD_CONTROL, INCUBATING], 'pending'],
    ['an invalid negative and a positive: the positive fails it', [NEG_BAD_CONTROL, POS], 'failed'],
    ['a positive whose control did not grow still fails (growth is growth)', [{ result: 'failed', controlFailed: true }], 'failed'],
  ])('%s → %s', (_what, bis, expected) => {
    expect(biVerdict(bis)).toBe(expected);
  });

  it('does not depend on the order the BIs were placed or read in (property)', () => {
    const bi = fc.record({ result: fc.constantFrom<BiResult>('pending', 'passed', 'failed'), controlFailed: fc.boolean() });
    const withPermutation = fc
      .array(bi, { maxLength: 6 })
      .chain((bis) => fc.tuple(fc.constant(bis), fc.shuffledSubarray(bis, { minLength: bis.length, maxLength: bis.length })));
    fc.assert(
      fc.property(withPermutation, ([bis, permuted]) => {
        expect(biVerdict(permuted)).toBe(biVerdict(bis));
      }),
    );
  });

  it('a positive anywhere fails, whatever the others (property)', () => {
    const bi = fc.record({ result: fc.constantFrom<BiResult>('pending', 'passed', 'failed'), controlFailed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(bi, { maxLength: 5 }), fc.array(bi, { maxLength: 5 }), (before, after) => {
        expect(biVerdict([...before, POS, ...after])).toBe('failed');
      }),
    );
  });
});
