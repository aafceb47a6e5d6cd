/**
 * What a password or a station PIN may not be (issue 13 §3): the username, one character
 * repeated, a run such as 1234567890 or abcdefghij, or a commonly used one — the first
 * guesses of anyone spraying a ward's accounts. Checked where a secret is set (users,
 * the first administrator); existing hashes are not re-judged.
 */

/**
 * Common passwords and their stems (lower case). A password is refused when it is one of
 * these, or one of these followed only by digits and symbols (password2024!, qwerty123456).
 * Compiled from the well-known public top lists, with the usual Chinese ones (woaini, 5201314).
 */
const COMMON = new Set(
  `
123456 123456789 12345678 12345 1234567 1234567890 0123456789 111111 000000 123123 654321 666666 888888 121212 112233 123321
password passw0rd p@ssw0rd p@ssword pass password1 passwort motdepasse contrasena senha parola haslo wachtwoord
qwerty qwertyuiop qwertz azerty asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx 1qaz2wsx 1qaz2wsx3edc 1q2w3e4r 1q2w3e4r5t 1q2w3e
qweasd qweasdzxc zaq12wsx zaq1xsw2 asd123 qwe123 abc123 abcd1234 a1b2c3 a1b2c3d4 aa123456 a123456 a12345678 a123456789
iloveyou iloveu loveyou lovely love princess sunshine shadow monkey dragon master letmein welcome welcome1 login admin
administrator root toor guest user test tester testing changeme default secret trustno1 whatever freedom hello hellohello
football baseball basketball soccer hockey superman batman spiderman starwars pokemon naruto michael jennifer jessica
charlie daniel thomas jordan hunter ranger buster tigger ginger pepper maggie cookie chocolate butterfly flower summer
winter autumn spring computer internet google samsung apple iphone android microsoft windows linux ubuntu oracle
mustang ferrari porsche harley corvette mercedes 696969 159753 147258369 147258 258369 789456123 987654321 9876543210
woaini woaini1314 wo5201314 5201314 1314520 520520 5211314 woaiwojia zhangwei wangwei lijun liuyang iloveyou1314
qq123456 qq123456789 aini1314 zxc123 zxcvbnm123 asdasd qweqwe abcabc aaaaaa abcdef abcdefg abcdefgh abcdefghij
hospital nurse doctor cssd sterile sterilization medical health clinic surgery operating
cssdtrace cssd-trace letmein1 welcome123 admin123 admin1234 administrator1 password123 password1234 changeme123
`
    .split(/\s+/)
    .filter(Boolean),
);

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
  if (COMMON.has(p) || (stem.length >= 4 && COMMON.has(stem)) || (p.startsWith(username.trim().toLowerCase()) && /^[^a-z]*$/.test(p.slice(username.trim().length)))) {
    return { zh: '密码过于常见，容易被猜中', en: 'the password is too common (easily guessed)' };
  }
  return null;
}

/** PINs anyone would try first at a station: 0000, 1234, 123456, 4321, repeated pairs or triples, years-of-love numbers. */
const COMMON_PINS = new Set(['1212', '1122', '1004', '2000', '2580', '5201314', '1314', '5200', '6969', '7777', '123123', '112233', '121212', '123321', '520520', '147258', '159753', '789456', '654321', '111222', '2468', '13579']);

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
