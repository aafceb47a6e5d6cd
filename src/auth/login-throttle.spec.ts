import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { LoginThrottle, THROTTLE_MAX_KEYS } from './login-throttle.js';

describe('LoginThrottle memory (issue 13 §3)', () => {
  it('stays bounded while 50,000 distinct usernames are guessed from 50,000 addresses', () => {
    const throttle = new LoginThrottle(loadConfig({}));
    const now = Date.now();
    for (let i = 0; i < 50_000; i++) throttle.recordFailure(`user:spray-${i}`, `ip:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, now);
    expect(throttle.size).toBeLessThanOrEqual(2 * THROTTLE_MAX_KEYS);
  });

  it('slows an account down by doubling steps up to the cap, and never locks it', async () => {
    const throttle = new LoginThrottle(loadConfig({ CSSD_LOGIN_MAX_DELAY_MS: '4000' }));
    const now = Date.now();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      delays.push(throttle.delayFor('user:n', now));
      throttle.recordFailure('user:n', `ip:192.0.2.${i}`, now);
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000, 2000, 4000]);
  });
});
