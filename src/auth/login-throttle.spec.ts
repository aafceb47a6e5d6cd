import { describe, expect, it } from '@jest/globals';
import { TestClock } from '../../test/support/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { loadConfig } from '../config/config.js';
import { LoginThrottle, THROTTLE_MAX_KEYS } from './login-throttle.js';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? { code: e.code, params: e.params } : e),
  );

describe('LoginThrottle memory (issue 13 §3)', () => {
  it('stays bounded while 50,000 distinct usernames are guessed from 50,000 addresses', () => {
    const throttle = new LoginThrottle(loadConfig({}), new TestClock());
    for (let i = 0; i < 50_000; i++) throttle.recordFailure(`user:spray-${i}`, `ip:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    expect(throttle.size).toBeLessThanOrEqual(2 * THROTTLE_MAX_KEYS);
  });

  it('slows an account down by doubling steps up to the cap, and never locks it', async () => {
    const throttle = new LoginThrottle(loadConfig({ CSSD_LOGIN_MAX_DELAY_MS: '4000' }), new TestClock());
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      delays.push(throttle.delayFor('user:n'));
      throttle.recordFailure('user:n', `ip:192.0.2.${i}`);
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000, 2000, 4000]);
  });
});

describe('LoginThrottle on the service clock (issue 18 "one clock")', () => {
  const config = loadConfig({ CSSD_LOGIN_MAX_FAILURES: '3', CSSD_LOGIN_WINDOW_SECONDS: '60', CSSD_LOGIN_LOCK_SECONDS: '300' });

  it('keeps a source locked until the clock passes the lock, whatever the wall clock says', async () => {
    const clock = new TestClock();
    const throttle = new LoginThrottle(config, clock);
    for (let i = 0; i < 3; i++) throttle.recordFailure('user:n', 'ip:192.0.2.1');
    expect(await refusal(throttle.beforeAttempt('user:n', 'ip:192.0.2.1'))).toEqual({
      code: 'LOGIN_LOCKED',
      params: { retryAfterSeconds: 300 },
    });
    // Half a second before the lock ends (the test clock's readings each move it on by a millisecond or more).
    clock.advance(299_500);
    expect(await refusal(throttle.beforeAttempt('user:n', 'ip:192.0.2.1'))).toEqual({
      code: 'LOGIN_LOCKED',
      params: { retryAfterSeconds: 1 },
    });
    clock.advance(1_000);
    expect(await refusal(throttle.beforeAttempt('user:n', 'ip:192.0.2.1'))).toBeNull();
  });

  it('forgets failures once the clock has moved past their window', () => {
    const clock = new TestClock();
    const throttle = new LoginThrottle(config, clock);
    for (let i = 0; i < 5; i++) throttle.recordFailure('user:m', `ip:198.51.100.${i}`);
    expect(throttle.delayFor('user:m')).toBeGreaterThan(0);
    clock.advance(61_000);
    expect(throttle.delayFor('user:m')).toBe(0);
  });
});
