import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';

/**
 * Lockouts (§4.2): whether a sterilizer may take a load now. The one place for these rules;
 * monitoring adds B-D, biological-indicator blocks, commissioning and operator certification.
 */
export function assertSterilizerTakesLoads(sterilizer: Sterilizer, today: string): void {
  if (!sterilizer.active) throw new DomainError('STERILIZER_UNAVAILABLE', { status: 'deactivated' });
  if (sterilizer.status !== 'in_service') throw new DomainError('STERILIZER_UNAVAILABLE', { status: sterilizer.status });
  // seed 2.4: a sterilizer without a valid annual inspection certificate (年检合格证) runs no load.
  if (!sterilizer.annualInspectionValidUntil || sterilizer.annualInspectionValidUntil < today) {
    throw new DomainError('ANNUAL_INSPECTION_EXPIRED', { validUntil: sterilizer.annualInspectionValidUntil ?? '—' });
  }
}

export function assertCanStartLoad(sterilizer: Sterilizer, _operator: Actor, today: string): void {
  assertSterilizerTakesLoads(sterilizer, today);
}
