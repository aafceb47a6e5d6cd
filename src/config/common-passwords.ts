/**
 * Passwords and password stems that anyone spraying a ward's accounts tries first (issue 13 §3),
 * lower case. Compiled from the public top lists of leaked passwords — the English-speaking
 * ones and the ones common in China (the CSDN, 163 and 12306 leaks: 5201314 我爱你一生一世,
 * woaini, 1qaz2wsx, aa123456, qq123456, pinyin surnames followed by digits). Data only: the
 * rule that reads it is src/config/secret-policy.ts, which also refuses these followed by digits
 * and symbols (password2024!, wang123456), so a stem here covers its numbered variants.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 123456789 12345678 12345 1234567 1234567890 0123456789 111111 000000 123123 654321 666666 888888 121212 112233 123321
88888888 66666666 11111111 00000000 12341234 11223344 123456123456 123123123 147258369 147258 258369 789456123 987654321
9876543210 696969 159753 159357 147852 147852369 1472583690 741852963 963852741 7758521 7758258 1314520 520520 5211314
5201314 5201314520 1314521 521521 520131 201314 woaini woaini1314 woaini520 wo5201314 aini1314 woaiwojia woaini123
iloveyou iloveu loveyou lovely love ilovechina woshishui wobuzhidao nishishui mima mimamima zhongguo beijing shanghai
qq123456 qq123456789 qqqqqq taobao baidu weixin wechat
wang zhang chen yang zhao huang zhou
password passw0rd p@ssw0rd p@ssword pass password1 passwort motdepasse contrasena senha parola haslo wachtwoord
qwerty qwertyuiop qwertz azerty asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx 1qaz2wsx 1qaz2wsx3edc 1q2w3e4r 1q2w3e4r5t 1q2w3e
1q2w3e4r5t6y 1qazxsw2 2wsx3edc qwer asdf zxcv qwer1234 qwerasdf asdfqwer qweasd qweasdzxc zaq12wsx zaq1xsw2 q1w2e3r4
q1w2e3r4t5 asd123 qwe123 abc123 abcd1234 a1b2c3 a1b2c3d4 aa123456 aa12345678 aa123456789 a123456 a12345678 a123456789 a1234567890 abc123456 abc1234567 abcd123456
zxc123 zxcvbnm123 asdasd qweqwe abcabc aaaaaa abcdef abcdefg abcdefgh abcdefghij
princess sunshine shadow monkey dragon master letmein welcome welcome1 login admin
administrator root toor guest user test tester testing changeme default secret trustno1 whatever freedom hello hellohello
football baseball basketball soccer hockey superman batman spiderman starwars pokemon naruto michael jennifer jessica
charlie daniel thomas jordan hunter ranger buster tigger ginger pepper maggie cookie chocolate butterfly flower summer
winter autumn spring computer internet google samsung apple iphone android microsoft windows linux ubuntu oracle
mustang ferrari porsche harley corvette mercedes
hospital nurse doctor cssd sterile sterilization medical health clinic surgery operating
cssdtrace cssd-trace letmein1 welcome123 admin123 admin1234 administrator1 password123 password1234 changeme123
`
    .split(/\s+/)
    .filter(Boolean),
);
