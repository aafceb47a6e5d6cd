import { describe, expect, it } from '@jest/globals';
import { TestClock } from '../../test/support/clock.js';
import type { Actor } from '../common/auth/current-user.js';
import { ActorCache } from './actor-cache.js';

const nurse: Actor = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'nurse',
  displayName: 'Nurse',
  role: 'nurse',
  departmentId: null,
};

describe('ActorCache on the service clock (issue 18 "one clock")', () => {
  it('answers from memory until the clock has moved TTL_MS on, then reads the row again', () => {
    const clock = new TestClock();
    const cache = new ActorCache(clock);
    cache.set(nurse, 3);
    // Margins of half a second: each reading of the test clock moves it on by a millisecond or more.
    clock.advance(ActorCache.TTL_MS - 500);
    expect(cache.get(nurse.id, 3)).toEqual(nurse);
    clock.advance(1_000);
    expect(cache.get(nurse.id, 3)).toBeNull();
  });

  it('never answers for another token version, however fresh', () => {
    const cache = new ActorCache(new TestClock());
    cache.set(nurse, 3);
    expect(cache.get(nurse.id, 4)).toBeNull();
    expect(cache.get(nurse.id, 3)).toBeNull();
  });
});
