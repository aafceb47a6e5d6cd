import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { Actor } from '../common/auth/current-user.js';

/**
 * Who a token belongs to, remembered for a few seconds: every scan otherwise reads the user
 * row again. A change to a user through this service (role, department, deactivation,
 * password reset, sign-out)
 * forgets the entry at once; another instance of the service sees it within TTL_MS.
 */
@Injectable()
export class ActorCache {
  static readonly TTL_MS = 5_000;
  private readonly entries = new Map<string, { actor: Actor; tokenVersion: number; until: number }>();

  constructor(@Inject(Clock) private readonly clock: Clock) {}

  /** The actor for a token of `tokenVersion`; null when not cached or cached under another version (read the row again). */
  get(id: string, tokenVersion: number): Actor | null {
    const hit = this.entries.get(id);
    if (!hit) return null;
    if (hit.until <= this.clock.instant().getTime() || hit.tokenVersion !== tokenVersion) {
      this.entries.delete(id);
      return null;
    }
    return hit.actor;
  }

  set(actor: Actor, tokenVersion: number): void {
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(actor.id, { actor, tokenVersion, until: this.clock.instant().getTime() + ActorCache.TTL_MS });
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
