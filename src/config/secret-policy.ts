/**
 * What a password or a station PIN may not be (issue 13 §3): the username, one character
 * repeated, a run such as 1234567890 or abcdefghij, or a commonly used one — the first
 * guesses of anyone spraying a ward's accounts. Checked where a secret is set (users,
 * the first administrator); existing hashes are not re-judged.
 */
import { COMMON_PASSWORDS } from './common-passwords.js';

export type SecretProblem = { zh: string; en: string };

const isRun = (s: string): boolean => {
  if (s.length < 3) return false;
  const codes = [...s].map((c) => c.charCodeAt(0));
  const step = codes[1] - codes[0];
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1] === step || (c === 48 && codes[i - 1] === 57 && step === 1));
};

/** Why `password` may not be used for `username`, or null when it may. */
export function passwordProblem(password: string, username: string): SecretProblem | null {
  const p = password.toLowerCase();
  if (p === username.trim().toLowerCase()) return { zh: '密码不能与用户名相同', en: 'the password may not be the username' };
  if (new Set(p).size === 1) return { zh: '密码不能是同一个字符重复', en: 'the password may not be one character repeated' };
  if (isRun(p)) return { zh: '密码不能是连续的字符', en: 'the password may not be a run of characters such as 1234567890' };
  const stem = p.replace(/[^a-z]+$/u, '');
  if (
    COMMON_PASSWORDS.has(p) ||
    (stem.length >= 4 && COMMON_PASSWORDS.has(stem)) ||
    (p.startsWith(username.trim().toLowerCase()) && /^[^a-z]*$/.test(p.slice(username.trim().length)))
  ) {
    return { zh: '密码过于常见，容易被猜中', en: 'the password is too common (easily guessed)' };
  }
  return null;
}

/** PINs anyone would try first at a station: 0000, 1234, 123456, 4321, repeated pairs or triples, years-of-love numbers. */
const COMMON_PINS = new Set([
  '1212',
  '1122',
  '1004',
  '2000',
  '2580',
  '5201314',
  '1314',
  '5200',
  '6969',
  '7777',
  '123123',
  '112233',
  '121212',
  '123321',
  '520520',
  '147258',
  '159753',
  '789456',
  '654321',
  '111222',
  '2468',
  '13579',
]);

/** Why `pin` may not be used, or null when it may. */
export function pinProblem(pin: string): SecretProblem | null {
  if (new Set(pin).size === 1) return { zh: 'PIN 不能是同一个数字重复', en: 'the PIN may not be one digit repeated (such as 0000)' };
  if (isRun(pin)) return { zh: 'PIN 不能是连续的数字', en: 'the PIN may not be a run of digits (such as 1234 or 4321)' };
  const half = pin.length % 2 === 0 ? pin.slice(0, pin.length / 2) : null;
  if (COMMON_PINS.has(pin) || (half !== null && half.repeat(2) === pin && pin.length <= 8)) {
    return { zh: 'PIN 过于常见，容易被猜中', en: 'the PIN is too common (easily guessed)' };
  }
  return null;
}
