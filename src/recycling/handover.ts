import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { User } from '../users/user.entity.js';

/** The handover at collection, as recorded with the recycling step. */
export interface Handover {
  /** Who handed over at the department: the name given, or the department user's name then. */
  handedOverBy: string;
  handedOverByUserId: string | null;
  /** The CSSD actor who received the set. */
  receivedBy: string;
}

/**
 * Collection records the handover (seed 11.3, issue 18): who handed the set over at the
 * department — a name, or one of that department's users — and who received it for the CSSD
 * (the caller).
 */
export async function readHandover(
  userById: (id: string) => Promise<User | null>,
  actor: Actor,
  departmentId: string,
  given: { handedOverBy?: string; handedOverByUserId?: string },
): Promise<Handover> {
  if (given.handedOverByUserId) {
    const user = await userById(given.handedOverByUserId);
    if (!user || !user.active || user.role !== 'department' || user.departmentId !== departmentId)
      throw new DomainError('HANDOVER_USER_NOT_IN_DEPARTMENT');
    return { handedOverBy: user.displayName, handedOverByUserId: user.id, receivedBy: actor.id };
  }
  if (!given.handedOverBy) throw new DomainError('HANDOVER_REQUIRED');
  return { handedOverBy: given.handedOverBy, handedOverByUserId: null, receivedBy: actor.id };
}
