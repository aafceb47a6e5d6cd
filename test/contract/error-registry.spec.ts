import { describe, expect, it } from '@jest/globals';
import { ERRORS } from '../../src/errors.js';

// The assembled registry, code → status and both messages, as reviewed. A code added, removed or
// reworded shows in the snapshot's diff (update it with `jest -u` on purpose, never by habit).
describe('the error registry', () => {
  it('holds every code with its status and messages, as reviewed', () => {
    const byCode = Object.fromEntries(
      Object.keys(ERRORS)
        .sort()
        .map((code) => {
          const { status, zh, en } = ERRORS[code as keyof typeof ERRORS];
          return [code, { status, zh, en }];
        }),
    );
    expect(byCode).toMatchSnapshot();
  });
});
