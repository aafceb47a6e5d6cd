import { describe, expect, it } from '@jest/globals';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import { messageFor } from '../errors.js';
import { annualInspectionValid, assertAvailable, assertReady, biAtStart, type SterilizerReadiness } from './load-gate.js';

/**
 * The pure decisions of the load gate, against docs/domain.md §4.2: B-D every day before the first
 * load (pre-vacuum), a failed B-D blocks until a later passing one, a failed BI blocks until a
 * passing BI, commissioning takes no clinical load until qualified (an empty-chamber test run is how
 * it qualifies), the annual inspection certificate must be valid; implant and EO loads need their
 * own BI at the start, the calendar's BI is warned (or refused under the `block` policy).
 * (What readiness reads from the database is covered by test/e2e/monitoring and sterilizer-history.)
 */

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
}

const S = { code: 'S1', annualInspectionValidUntil: '2026-12-31' } as Pick<Sterilizer, 'code' | 'annualInspectionValidUntil'>;
type Ready = Pick<SterilizerReadiness, 'annualInspectionValid' | 'commissioning' | 'bd' | 'bi'>;
const READY: Ready = {
  annualInspectionValid: true,
  commissioning: null,
  bd: { required: true, today: 'passed' },
  bi: { blocked: false, lastResult: 'passed', lastRunAt: null, nextDue: null, overdue: false },
};
const COMMISSIONING = { active: true, biPasses: 2, bdPasses: 3, needed: 3 };

describe('annual inspection certificate (seed 2.4)', () => {
  it.each<[string | null, string, boolean]>([
    ['2026-03-10', '2026-03-10', true], // valid through its last day
    ['2026-03-10', '2026-03-11', false], // refused the day after
    ['2026-03-10', '2026-03-09', true],
    ['2027-01-01', '2026-12-31', true], // across a year end
    [null, '2026-03-10', false], // never recorded: not valid
  ])('valid until %s, today %s → %s', (validUntil, today, valid) => {
    expect(annualInspectionValid(validUntil, today)).toBe(valid);
  });
});

describe('assertAvailable: deactivated or out of service takes nothing', () => {
  it.each<[boolean, Sterilizer['status'], string | null]>([
    [true, 'in_service', null],
    [true, 'commissioning', null],
    [true, 'out_of_service', 'STERILIZER_UNAVAILABLE'],
    [false, 'in_service', 'STERILIZER_UNAVAILABLE'],
    [false, 'commissioning', 'STERILIZER_UNAVAILABLE'],
  ])('active %s, %s → %s', (active, status, code) => {
    expect(codeOf(() => assertAvailable({ active, status }))).toBe(code);
  });

  it('says in both languages why', () => {
    const d = thrown(() => assertAvailable({ active: true, status: 'out_of_service' }));
    expect(messageFor(d.code, d.params, 'en')).toMatch(/out of service/i);
    expect(messageFor(d.code, d.params, 'zh-CN')).not.toMatch(/[a-z]{3}/);
  });
});

describe('assertReady: the lockouts (§4.2)', () => {
  it.each<[string, Partial<Ready>, boolean, string | null]>([
    ['everything in order', {}, false, null],
    ['B-D not required (not pre-vacuum)', { bd: { required: false, today: 'not_required' } }, false, null],
    ['no B-D today', { bd: { required: true, today: 'missing' } }, false, 'BD_MISSING'],
    ['the latest B-D today failed', { bd: { required: true, today: 'failed' } }, false, 'BD_FAILED'],
    ['blocked by a failed BI', { bi: { ...READY.bi, blocked: true } }, false, 'STERILIZER_BLOCKED_BY_BI'],
    ['annual inspection expired', { annualInspectionValid: false }, false, 'ANNUAL_INSPECTION_EXPIRED'],
    ['commissioning', { commissioning: COMMISSIONING }, false, 'STERILIZER_COMMISSIONING'],
    // An empty-chamber test run is how the sterilizer earns its way back.
    ['commissioning, empty-chamber test', { commissioning: COMMISSIONING }, true, null],
    ['blocked by a BI, empty-chamber test', { bi: { ...READY.bi, blocked: true } }, true, null],
    ['no B-D today, empty-chamber test', { bd: { required: true, today: 'missing' } }, true, null],
    ['failed B-D, empty-chamber test', { bd: { required: true, today: 'failed' } }, true, null],
    // Nothing runs on an expired certificate, not even a test.
    ['annual inspection expired, empty-chamber test', { annualInspectionValid: false }, true, 'ANNUAL_INSPECTION_EXPIRED'],
    // Several at once: the certificate first, then commissioning, then B-D, then BI.
    ['expired and no B-D', { annualInspectionValid: false, bd: { required: true, today: 'missing' } }, false, 'ANNUAL_INSPECTION_EXPIRED'],
    [
      'commissioning and no B-D',
      { commissioning: COMMISSIONING, bd: { required: true, today: 'missing' } },
      false,
      'STERILIZER_COMMISSIONING',
    ],
    ['failed B-D and blocked by a BI', { bd: { required: true, today: 'failed' }, bi: { ...READY.bi, blocked: true } }, false, 'BD_FAILED'],
  ])('%s → %s', (_what, over, emptyChamberTest, code) => {
    expect(codeOf(() => assertReady(S, { ...READY, ...over }, emptyChamberTest))).toBe(code);
  });

  it('a commissioning refusal says how far qualification has come', () => {
    expect(thrown(() => assertReady(S, { ...READY, commissioning: COMMISSIONING }, false))).toMatchObject({
      code: 'STERILIZER_COMMISSIONING',
      params: { sterilizer: 'S1', bi: 2, bd: 3 },
      details: COMMISSIONING,
    });
  });
});

describe('biAtStart: the BIs a load carries when it starts (§4.2)', () => {
  const calendar = (overdue: boolean, policy: 'warn' | 'block' = 'warn') => ({ overdue, due: '2026-03-09', policy });
  const load = (over: Partial<{ biCount: number; emptyChamber: boolean; containsImplant: boolean }> = {}) => ({
    cycleNo: 12,
    biCount: 0,
    emptyChamber: false,
    containsImplant: false,
    ...over,
  });
  const s = (type: SterilizationMethod) => ({ code: 'S1', type });

  it.each<[string, SterilizationMethod, ReturnType<typeof load>, ReturnType<typeof calendar>, string]>([
    ['steam, nothing due, no BI', 'steam_prevacuum', load(), calendar(false), 'ok'],
    ['steam, the week’s BI due, no BI in the load', 'steam_prevacuum', load(), calendar(true), 'warn'],
    ['steam, the week’s BI due, under the block policy', 'steam_prevacuum', load(), calendar(true, 'block'), 'BI_OVERDUE'],
    ['steam, the week’s BI due, a BI in the load', 'steam_prevacuum', load({ biCount: 1 }), calendar(true, 'block'), 'ok'],
    ['plasma, the day’s BI due', 'h2o2_plasma', load(), calendar(true), 'warn'],
    ['an implant load without a BI', 'steam_prevacuum', load({ containsImplant: true }), calendar(false), 'LOAD_NEEDS_BI'],
    ['an implant load with two BIs', 'steam_gravity', load({ containsImplant: true, biCount: 2 }), calendar(false), 'ok'],
    ['an EO load without a BI', 'ethylene_oxide', load(), calendar(false), 'LOAD_NEEDS_BI'],
    ['an EO load with its BI', 'ethylene_oxide', load({ biCount: 1 }), calendar(false), 'ok'],
    // The load's own BI is the stronger rule: refused, not merely warned, even when the calendar is also due.
    [
      'an implant load without a BI while the calendar is due',
      'steam_prevacuum',
      load({ containsImplant: true }),
      calendar(true),
      'LOAD_NEEDS_BI',
    ],
    // An empty-chamber test run carries its BI by definition (a B-D has none): never refused for it.
    [
      'an empty-chamber test run, calendar due, block policy',
      'steam_prevacuum',
      load({ emptyChamber: true }),
      calendar(true, 'block'),
      'ok',
    ],
  ])('%s → %s', (_what, method, l, cal, expected) => {
    let got: string;
    try {
      got = biAtStart(s(method), l, cal);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      got = e.code;
    }
    expect(got).toBe(expected);
  });

  it('says why the load needs its own BI, and when the calendar’s was due', () => {
    const d = thrown(() => biAtStart(s('ethylene_oxide'), load(), calendar(false)));
    expect(messageFor(d.code, d.params, 'en')).toContain('ethylene-oxide');
    expect(messageFor(d.code, d.params, 'zh-CN')).toContain('环氧乙烷');
    expect(thrown(() => biAtStart(s('steam_prevacuum'), load(), calendar(true, 'block')))).toMatchObject({
      code: 'BI_OVERDUE',
      params: { sterilizer: 'S1', due: '2026-03-09' },
    });
  });
});
