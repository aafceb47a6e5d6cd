import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/errors/domain-error.js';

/** Most keys any one map keeps (least recently used dropped first): the throttle's memory is bounded. */
export const THROTTLE_MAX_KEYS = 10_000;

/** A Map that forgets its least recently used entries beyond `max`. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}

/** Where attempts come from: the client's address for a sign-in, the signed-in station user for a co-signature. */
export type AttemptSource = string;

/**
 * Sign-in throttling that an attacker cannot turn against the staff (issue 13 §3). In memory:
 * one service process per site.
 *
 * - One source guessing one account: CSSD_LOGIN_MAX_FAILURES failures within the window lock
 *   that account *from that source* (LOGIN_LOCKED). Other stations still sign that nurse in.
 * - One source spraying many accounts: CSSD_LOGIN_SOURCE_MAX_FAILURES failures within the
 *   window lock the source.
 * - One account attacked from everywhere: never locked (anyone could keep a ward's staff out
 *   with a few anonymous requests), but slowed down: once it has had CSSD_LOGIN_MAX_FAILURES
 *   failures in the window, every attempt on it waits first — doubling per failure up to
 *   CSSD_LOGIN_MAX_DELAY_MS — right or wrong, so a guesser learns nothing faster than the
 *   nurse signs in.
 * A badge + PIN co-signature is checked only for a signed-in station (its source is that user,
 * not an address) and under its own key: anonymous sign-in attempts never touch it.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Lru<number[]>(THROTTLE_MAX_KEYS);
  private readonly lockedUntil = new Lru<number>(THROTTLE_MAX_KEYS);

  /** Windows and locks are measured on the service's clock (tests move it across a lock). */
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private currentMs(): number {
    return this.clock.instant().getTime();
  }

  /** Refuses a locked (account, source) pair or source; otherwise waits the account's delay. */
  async beforeAttempt(account: string, source: AttemptSource): Promise<void> {
    const now = this.currentMs();
    for (const key of [`src:${source}`, `pair:${source}|${account}`]) {
      const until = this.lockedUntil.get(key);
      if (until === undefined) continue;
      if (until > now) throw new DomainError('LOGIN_LOCKED', { retryAfterSeconds: Math.ceil((until - now) / 1000) });
      this.lockedUntil.delete(key);
    }
    const delay = this.delayAt(account, now);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  /** How long an attempt on `account` waits now (ms): 0 until it has had maxFailures failures in the window. */
  delayFor(account: string): number {
    return this.delayAt(account, this.currentMs());
  }

  private delayAt(account: string, now: number): number {
    const { maxFailures, maxDelayMs } = this.config.login;
    const over = this.recent(`acct:${account}`, now).length - maxFailures + 1;
    return over <= 0 ? 0 : Math.min(maxDelayMs, 250 * 2 ** Math.min(over - 1, 20));
  }

  recordFailure(account: string, source: AttemptSource): void {
    const now = this.currentMs();
    const { maxFailures, sourceMaxFailures, lockSeconds } = this.config.login;
    this.count(`acct:${account}`, now);
    if (this.count(`pair:${source}|${account}`, now) >= maxFailures) this.lock(`pair:${source}|${account}`, now + lockSeconds * 1000);
    if (this.count(`src:${source}`, now) >= sourceMaxFailures) this.lock(`src:${source}`, now + lockSeconds * 1000);
  }

  /** The right secret: that source's count for the account starts again (the account's own count is left to expire). */
  recordSuccess(account: string, source: AttemptSource): void {
    this.failures.delete(`pair:${source}|${account}`);
  }

  /** Keys held (for the memory bound's test). */
  get size(): number {
    return this.failures.size + this.lockedUntil.size;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.config.login.windowSeconds * 1000);
  }

  private count(key: string, now: number): number {
    const recent = this.recent(key, now);
    recent.push(now);
    // Only the last few matter; an account sprayed for hours keeps a short list.
    this.failures.set(key, recent.slice(-64));
    return recent.length;
  }

  private lock(key: string, until: number): void {
    this.lockedUntil.set(key, until);
    this.failures.delete(key);
  }
}
