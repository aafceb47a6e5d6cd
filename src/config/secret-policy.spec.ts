import { describe, expect, it } from '@jest/globals';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { passwordProblem } from './secret-policy.js';

const TOO_COMMON = 'the password is too common (easily guessed)';

describe('common passwords (issue 13 §3)', () => {
  it('keeps a list of about two hundred, in lower case, each once', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });

  it('refuses the ones sprayed first at Chinese and English-speaking wards, whatever their case', () => {
    // At least 10 characters, as the accounts require: the list's entries as people type them.
    for (const password of [
      'woaini1314',
      'WoAiNi1314',
      '5201314520',
      'qq123456789',
      'Aa12345678',
      'AA123456789',
      'a1234567890',
      'abc1234567',
      '1qaz2wsx3edc',
      '1QAZ2WSX3EDC',
      'Qwer123456',
      'asdf123456',
      'zxcv123456',
      'wang123456',
      'Zhang19870512',
      '1472583690',
      'Password123',
      'PASSWORD2024!',
      'qwerty123456',
      'iloveyou520',
      'ilovechina1',
      'woshishui123',
      'Welcome123!',
    ]) {
      expect({ password, problem: passwordProblem(password, 'li.na')?.en }).toEqual({ password, problem: TOO_COMMON });
    }
  });

  it('answers in each language on its own', () => {
    expect(passwordProblem('Qwer123456', 'li.na')).toEqual({ zh: '密码过于常见，容易被猜中', en: TOO_COMMON });
  });

  it('accepts passwords that merely contain a common word among others', () => {
    for (const password of ['correct-horse-battery-staple', 'ward7-autoclave-Tuesday', '蓝色的消毒供应中心2024', 'qwer-lamp-river-93']) {
      expect({ password, problem: passwordProblem(password, 'li.na') }).toEqual({ password, problem: null });
    }
  });
});
