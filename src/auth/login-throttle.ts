import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/errors/domain-error.js';

/**
 * Five failed sign-ins for one name within a minute lock that name for a while (defaults;
 * see CSSD_LOGIN_*). Kept in memory: one service process per site. The key is the username
 * or badge, so one station's typos do not lock out the whole department.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  assertNotLocked(key: string, now = Date.now()): void {
    const until = this.lockedUntil.get(key);
    if (until === undefined) return;
    if (until > now) {
      throw new DomainError('LOGIN_LOCKED', { retryAfterSeconds: Math.ceil((until - now) / 1000) });
    }
    this.lockedUntil.delete(key);
  }

  recordFailure(key: string, now = Date.now()): void {
    const { maxFailures, windowSeconds, lockSeconds } = this.config.login;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - windowSeconds * 1000);
    recent.push(now);
    if (recent.length >= maxFailures) {
      this.lockedUntil.set(key, now + lockSeconds * 1000);
      this.failures.delete(key);
    } else {
      this.failures.set(key, recent);
    }
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }
}
