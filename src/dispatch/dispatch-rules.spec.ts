import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { errorRegistry } from '../errors.js';
import type { PackState } from '../kernel/pack-state.js';
import type { Pack } from '../kernel/pack.entity.js';
import type { LoadRelease, SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { assertDispatchable } from './dispatch-rules.js';

/**
 * docs/domain.md §4.3: a pack is dispatched only if it is in sterile storage (NOT_IN_STORAGE), its
 * load released it (LOAD_NOT_RELEASED), its own indicator passed (PACK_INDICATOR_FAILED), it is not
 * wet or damaged (PACK_WET_OR_DAMAGED), not expired (PACK_EXPIRED), not recalled (PACK_RECALLED).
 * §4.1: usable through the end of the expiry day in the hospital's zone, refused from the next day.
 */

const SHANGHAI = 'Asia/Shanghai';
/** 2026-03-20 10:00 in Shanghai. */
const NOW = new Date('2026-03-20T02:00:00Z');

function pack(over: Partial<Pack> = {}): Pack {
  return {
    id: 'p1',
    barcode: 'P00000000011',
    state: 'stored',
    implant: false,
    wet: false,
    damaged: false,
    outsideIndicatorPassed: true,
    sterilizationDate: '2026-03-10',
    expiryDate: '2026-03-24',
    ...over,
  } as Pack;
}

function load(release: LoadRelease): SterilizerLoad {
  return { id: 'l1', release, status: release === 'failed' ? 'failed' : 'completed' } as SterilizerLoad;
}

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('assertDispatchable (§4.3): each unsafe pack with its own code', () => {
  it('lets a stored pack of a released load, dry, intact, indicator passed and in date go', () => {
    expect(codeOf(() => assertDispatchable(pack(), load('released'), NOW, SHANGHAI))).toBeNull();
  });

  it.each<[string, Partial<Pack>, LoadRelease | null, string]>([
    ['recalled', { state: 'recalled' }, 'released', 'PACK_RECALLED'],
    // A recall wins over every other reason: the station must say "recalled", not "expired".
    ['recalled and expired', { state: 'recalled', expiryDate: '2026-01-01' }, 'failed', 'PACK_RECALLED'],
    ['waiting for its BI', { state: 'quarantined' }, 'awaiting_bi', 'LOAD_NOT_RELEASED'],
    ['stored but its load failed', {}, 'failed', 'LOAD_NOT_RELEASED'],
    ['stored but of no load', {}, null, 'LOAD_NOT_RELEASED'],
    ['stored but its load not unloaded', {}, 'pending', 'LOAD_NOT_RELEASED'],
    ['indicator failed', { outsideIndicatorPassed: false }, 'released', 'PACK_INDICATOR_FAILED'],
    ['wet', { wet: true }, 'released', 'PACK_WET_OR_DAMAGED'],
    ['damaged', { damaged: true }, 'released', 'PACK_WET_OR_DAMAGED'],
    ['expired yesterday', { expiryDate: '2026-03-19' }, 'released', 'PACK_EXPIRED'],
    ['without an expiry date', { expiryDate: null }, 'released', 'PACK_EXPIRED'],
  ])('refuses a pack %s', (_what, over, release, code) => {
    expect(codeOf(() => assertDispatchable(pack(over), release === null ? null : load(release), NOW, SHANGHAI))).toBe(code);
  });

  it('lets the ordinary pack of an implant load go while the implants wait for the BI', () => {
    expect(codeOf(() => assertDispatchable(pack({ implant: false }), load('awaiting_bi'), NOW, SHANGHAI))).toBeNull();
  });

  // Every state but stored (and the two with their own code) is "not in storage", naming the state.
  const NOT_IN_STORAGE: PackState[] = [
    'collected',
    'washing',
    'cleaned',
    'packed',
    'loaded',
    'sterilizing',
    'released',
    'dispatched',
    'received',
    'used',
    'returned',
    'failed',
    'problem',
    'incinerated',
  ];
  it.each(NOT_IN_STORAGE)('refuses a pack %s with 409 NOT_IN_STORAGE naming where it is', (state) => {
    try {
      assertDispatchable(pack({ state }), load('released'), NOW, SHANGHAI);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const d = e as DomainError;
      expect([d.code, errorRegistry.status(d.code), d.details]).toEqual(['NOT_IN_STORAGE', 409, { state }]);
    }
  });

  it('refuses an expired pack with 422 naming its expiry date', () => {
    try {
      assertDispatchable(pack({ expiryDate: '2026-03-19' }), load('released'), NOW, SHANGHAI);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toMatchObject({ code: 'PACK_EXPIRED', params: { expiryDate: '2026-03-19' } });
      expect(errorRegistry.status((e as DomainError).code)).toBe(422);
    }
  });
});

describe('expiry at the hospital day edge (§4.1, Asia/Shanghai = UTC+8)', () => {
  const expiring = pack({ expiryDate: '2026-03-24' });
  it.each<[string, string, string | null]>([
    ['the morning of the expiry day', '2026-03-24T00:00:00+08:00', null],
    ['the last second of the expiry day (15:59:59 UTC)', '2026-03-24T15:59:59Z', null],
    ['the last millisecond of the expiry day', '2026-03-24T15:59:59.999Z', null],
    ['local midnight after the expiry day (16:00 UTC, still the 24th in UTC)', '2026-03-24T16:00:00Z', 'PACK_EXPIRED'],
    ['the day after', '2026-03-25T12:00:00+08:00', 'PACK_EXPIRED'],
    ['the day before', '2026-03-23T23:59:59+08:00', null],
  ])('%s → %s', (_what, at, code) => {
    expect(codeOf(() => assertDispatchable(expiring, load('released'), new Date(at), SHANGHAI))).toBe(code);
  });

  it('is the hospital’s day, not UTC’s: the same instant is still in date in a zone behind UTC', () => {
    const at = new Date('2026-03-24T16:00:00Z');
    expect(codeOf(() => assertDispatchable(expiring, load('released'), at, SHANGHAI))).toBe('PACK_EXPIRED');
    expect(codeOf(() => assertDispatchable(expiring, load('released'), at, 'UTC'))).toBeNull();
  });
});
