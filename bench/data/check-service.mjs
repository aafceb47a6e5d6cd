#!/usr/bin/env node
// Checks a running service on a generated data set, as a person would with curl:
//   node bench/data/check-service.mjs --base http://127.0.0.1:3000/api --db postgres://…/cssd
// sign-in, provenance of the oldest and newest packs, dispatch of a stored pack, and one new
// pack through the whole chain (recycling → washer → packing → load → storage → dispatch),
// so the barcode sequence and the washer / load cycle numbers are seen to continue.
import pg from 'pg';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, x, i, all) => (x.startsWith('--') ? [...a, [x.slice(2), all[i + 1]]] : a), []));
const base = args.base ?? 'http://127.0.0.1:3000/api';
const db = new pg.Client({ connectionString: args.db ?? process.env.DATABASE_URL });
await db.connect();
const one = async (sql, p = []) => (await db.query(sql, p)).rows[0];
const PASSWORD = 'cssd-bench-2024';
const PIN = '246810';
let failures = 0;

async function call(method, path, token, body, station) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(station ? { 'x-station': station } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}
function check(label, ok, detail = '') {
  ok = ok === true || (typeof ok === 'number' && ok >= 200 && ok < 300);
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? ` — ${detail}` : ''}`);
}
async function login(username) {
  const r = await call('POST', '/auth/login', null, { username, password: PASSWORD });
  check(`login ${username}`, r.status === 200 || r.status === 201, `HTTP ${r.status}`);
  return r.body.accessToken;
}

const head = await login('bench-head-1');
const nurse = await login('bench-nurse-01');
const monitorUser = await one(`SELECT username, badge_code FROM users WHERE role = 'monitor' ORDER BY username LIMIT 1`);
const nurse2 = await one(`SELECT badge_code FROM users WHERE username = 'bench-nurse-02'`);

// Provenance of an old and a new pack.
const oldest = await one(`SELECT barcode FROM packs p WHERE barcode IS NOT NULL AND set_id IS NOT NULL AND replaced_by_pack_id IS NOT NULL ORDER BY barcode LIMIT 1`);
const newest = await one(`SELECT barcode FROM packs WHERE state IN ('stored', 'released', 'sterilizing') ORDER BY barcode DESC LIMIT 1`);
for (const [label, bc] of [['old', oldest.barcode], ['new', newest.barcode]]) {
  const r = await call('GET', `/trace/packs/${bc}`, head);
  const d = r.body;
  check(`trace ${label} pack ${bc}`, r.status === 200 && !!d.sterilization && !!d.packing, `HTTP ${r.status}: ${d.pack?.state} ${d.template?.code} set ${d.set?.assetCode} cycle ${d.set?.cycleNo}; washer ${d.cleaning?.washer?.code ?? d.cleaning?.kind} #${d.cleaning?.cycleNo ?? '-'}; ${d.sterilization?.sterilizer?.code} load ${d.sterilization?.cycleNo} ${d.sterilization?.release}; expiry ${d.expiryDate}; dispatched to ${d.dispatch?.department?.code ?? '-'}; replaced by ${d.replacedBy?.barcode ?? '-'}; ${d.events?.length} events: ${d.events?.map((e) => e.type).join(' → ')}`);
}

// A stored pack dispatches.
const today = (await one(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d`)).d;
const stored = await one(`SELECT barcode, template_id, expiry_date::text FROM packs WHERE state = 'stored' AND expiry_date >= $1 ORDER BY expiry_date DESC, barcode LIMIT 1`, [today]);
const or = await one(`SELECT id FROM departments WHERE code = 'OR'`);
const disp = await call('POST', '/dispatch/scan', nurse, { code: stored.barcode, departmentId: or.id }, 'DISPATCH-1');
check(`dispatch stored pack ${stored.barcode} (expires ${stored.expiry_date})`, disp.status === 201 || disp.status === 200, `HTTP ${disp.status}: ${disp.body.summary?.en ?? JSON.stringify(disp.body).slice(0, 200)}; warnings ${JSON.stringify(disp.body.warnings?.map((w) => w.code) ?? [])}`);

// A new pack through the chain.
const seqBefore = (await one(`SELECT last_value FROM pack_barcode_seq`)).last_value;
const set = await one(`SELECT s.asset_code, t.critical, t.implant, t.sterilization_method FROM instrument_sets s JOIN set_templates t ON t.id = s.template_id
  JOIN LATERAL (SELECT state FROM packs p WHERE p.set_id = s.id ORDER BY created_at DESC, id DESC LIMIT 1) cur ON true
  WHERE cur.state = 'used' AND t.sterilization_method = 'steam_prevacuum' AND NOT t.implant ORDER BY s.asset_code LIMIT 1`);
const rec = await call('POST', '/recycling/scan', nurse, { code: set.asset_code, departmentId: or.id, handedOverBy: 'Check ward nurse' }, 'DECON-1');
check(`recycle set ${set.asset_code}`, (rec.status === 200 || rec.status === 201), `HTTP ${rec.status}: ${rec.body.summary?.en ?? JSON.stringify(rec.body).slice(0, 200)}`);
const washer = await one(`SELECT w.id, p.id AS program_id, (SELECT max(cycle_no) FROM washer_cycles c WHERE c.washer_id = w.id) AS last FROM washers w JOIN washer_programs p ON p.washer_id = w.id AND p.code = 'INST' WHERE w.code = 'W1'`);
const cyc = await call('POST', '/cleaning/cycles', nurse, { washerId: washer.id, programId: washer.program_id }, 'DECON-1');
check(`open washer cycle on W1`, cyc.status === 201 && cyc.body.cycleNo === washer.last + 1, `cycle ${cyc.body.cycleNo} (last generated ${washer.last})`);
const scan = await call('POST', `/cleaning/cycles/${cyc.body.id}/scan`, nurse, { code: set.asset_code }, 'DECON-1');
check('scan into washer', (scan.status === 200 || scan.status === 201), `HTTP ${scan.status} ${scan.body.summary?.en ?? JSON.stringify(scan.body).slice(0, 200)}`);
const done = await call('POST', `/cleaning/cycles/${cyc.body.id}/complete`, nurse, { passed: true, temperatureC: 92, disinfectMinutes: 2, a0: 1900 }, 'DECON-1');
check('complete washer cycle', (done.status === 200 || done.status === 201) && done.body.status === 'passed', `HTTP ${done.status} ${done.body.summary?.en ?? JSON.stringify(done.body).slice(0, 200)}`);
const packed = await call('POST', '/packing/sets', nurse, { code: set.asset_code, inspection: { clean: true, functional: true, complete: true, label: true, indicatorTape: true }, ...(set.critical || set.implant ? { secondPerson: { badgeCode: nurse2.badge_code, pin: PIN } } : {}) }, 'PACK-1');
const barcode = packed.body.pack?.barcode;
check('pack the set', (packed.status === 200 || packed.status === 201) && !!barcode, `HTTP ${packed.status}: ${packed.body.summary?.en ?? JSON.stringify(packed.body).slice(0, 300)} (sequence was at ${seqBefore})`);
const ster = await one(`SELECT s.id, p.id AS program_id, (SELECT max(cycle_no) FROM sterilizer_loads l WHERE l.sterilizer_id = s.id) AS last FROM sterilizers s JOIN sterilizer_programs p ON p.sterilizer_id = s.id AND p.code = 'P134' WHERE s.code = 'S1'`);
const load = await call('POST', '/loads', nurse, { sterilizerId: ster.id, programId: ster.program_id }, 'STER-1');
check('open a load on S1', load.status === 201 && load.body.cycleNo === ster.last + 1, `HTTP ${load.status}: cycle ${load.body.cycleNo} (last generated ${ster.last}) ${load.status !== 201 ? JSON.stringify(load.body).slice(0, 200) : ''} warnings ${JSON.stringify(load.body.warnings?.map((w) => w.code) ?? [])}`);
if (load.status === 201) {
  const add = await call('POST', `/loads/${load.body.id}/packs`, nurse, { code: barcode }, 'STER-1');
  check('add the pack to the load', (add.status === 200 || add.status === 201), `HTTP ${add.status} ${add.body.summary?.en ?? JSON.stringify(add.body).slice(0, 200)}`);
  const print = await call('POST', `/labels/loads/${load.body.id}/print`, nurse, { unprintedOnly: true }, 'STER-1');
  check('print the load\'s labels', print.status === 200, `HTTP ${print.status}`);
  const checked = await call('POST', `/loads/${load.body.id}/check`, nurse, { packaging: true, quantity: true, specification: true, loadingMethod: true, secondPerson: { badgeCode: nurse2.badge_code, pin: PIN } }, 'STER-1');
  check('record the loading check', checked.status === 201, `HTTP ${checked.status} ${JSON.stringify(checked.body).slice(0, 200)}`);
  const start = await call('POST', `/loads/${load.body.id}/start`, nurse, {}, 'STER-1');
  check('start the load', (start.status === 200 || start.status === 201), `HTTP ${start.status} ${start.status !== 201 ? JSON.stringify(start.body).slice(0, 200) : `${start.body.status}, expiry by storage compliant=${start.body.storageCompliant}`}`);
  const complete = await call('POST', `/loads/${load.body.id}/complete`, nurse, { physical: { tempMinC: 134.4, tempMaxC: 135.6, holdMinutes: 4.5, pressureMinKpa: 210, pressureMaxKpa: 222 }, loadIndicatorPassed: true, secondPerson: { badgeCode: monitorUser.badge_code, pin: PIN } }, 'STER-1');
  check('unload (co-signed by a monitor)', (complete.status === 200 || complete.status === 201) && complete.body.release === 'released', `HTTP ${complete.status} ${complete.body.summary?.en ?? JSON.stringify(complete.body).slice(0, 200)}`);
  const store = await call('POST', '/storage/scan', nurse, { code: barcode, location: 'A01-1' }, 'STORE-1');
  check('store the new pack', (store.status === 200 || store.status === 201), `HTTP ${store.status} ${store.body.summary?.en ?? JSON.stringify(store.body).slice(0, 200)}`);
  const out = await call('POST', '/dispatch/scan', nurse, { code: barcode, departmentId: or.id }, 'DISPATCH-1');
  check('dispatch the new pack', (out.status === 200 || out.status === 201), `HTTP ${out.status} ${out.body.summary?.en ?? JSON.stringify(out.body).slice(0, 200)} warnings ${JSON.stringify(out.body.warnings?.map((w) => w.code) ?? [])}`);
  const tr = await call('GET', `/trace/packs/${barcode}`, head);
  check('trace the new pack', tr.status === 200, `${tr.body.events?.length} events: ${tr.body.events?.map((e) => e.type).join(' → ')}; previous cycle of the set: ${tr.body.recycling?.data?.previousBarcode}`);
}
await db.end();
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
