import { DomainError } from '../common/errors/domain-error.js';
import { isExpired } from '../kernel/expiry.js';
import { stateParams } from '../kernel/pack-state.js';
import type { Pack } from '../kernel/pack.entity.js';
import { assertReleased } from '../kernel/release-policy.js';
import type { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/**
 * §4.3 — nothing unsafe leaves the department: a pack is dispatched only if it is in sterile
 * storage, its load released it, its own indicator passed, it is neither wet nor damaged,
 * not expired and not recalled. Each refusal has its own code.
 */
export function assertDispatchable(pack: Pack, load: SterilizerLoad | null, now: Date, timezone: string): void {
  if (pack.state === 'recalled') throw new DomainError('PACK_RECALLED');
  if (pack.state === 'quarantined') assertReleased(pack, load);
  if (pack.state !== 'stored') throw new DomainError('NOT_IN_STORAGE', stateParams(pack.state), { state: pack.state });
  assertReleased(pack, load);
  if (pack.outsideIndicatorPassed === false) throw new DomainError('PACK_INDICATOR_FAILED');
  if (pack.wet || pack.damaged) throw new DomainError('PACK_WET_OR_DAMAGED');
  if (!pack.expiryDate || isExpired(pack.expiryDate, now, timezone)) {
    throw new DomainError('PACK_EXPIRED', { expiryDate: pack.expiryDate ?? '—' });
  }
}
