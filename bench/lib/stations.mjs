// Section 1: simulated CSSD stations. Each station owns its own instrument sets and walks them
// round after round through the whole chain, as the stations do (test/support/chain.ts):
//
//   recycle × B → open washer cycle → scan × B → complete cycle → pack × B → open load →
//   load × B → print labels → loading check → start → unload (physical record, co-signed by a quality monitor) →
//   store × B → dispatch × B → (next round: recycling the set closes the dispatched pack as used)
//
// The six scans are what is measured; the batch operations between them (washer cycle,
// sterilizer load, the day's B-D test) are done by the stations too, timed, and reported apart.
import { expectOk, login, SetupError } from './http.mjs';
import { summary } from './stats.mjs';

export const SCAN_KINDS = ['recycle', 'wash', 'pack', 'load', 'store', 'dispatch'];
/** The stages a group of sets moves through, one per round (a scan kind each; wash and load add batch steps). */
const STAGES = SCAN_KINDS;
export const BATCH_KINDS = ['washer_open', 'washer_complete', 'load_open', 'load_print', 'load_check', 'load_start', 'load_unload', 'bd'];

const isOk = (s) => s >= 200 && s < 300;

/** A run of the physical record that lies inside the program's limits. */
function physicalFor(p) {
  const tempMinC = p.tempMinC + 0.3;
  // The hold is the program's own (the bench program's is 0: see prepareStations).
  const out = { tempMinC, tempMaxC: Math.min(p.tempMaxC, tempMinC + 1.5), holdMinutes: Number(p.minHoldMin) };
  if (p.pressureMinKpa !== null) out.pressureMinKpa = p.pressureMinKpa + 2;
  if (p.pressureMaxKpa !== null) out.pressureMaxKpa = p.pressureMaxKpa - 2;
  if (p.h2o2MinMgL !== null) out.h2o2MgL = p.h2o2MinMgL + 0.5;
  return out;
}

/** A washer run that meets the program (thermal disinfection, A0). */
function washRunFor(p) {
  return {
    temperatureC: Math.max(93, p.disinfectTempMinC + 2),
    disinfectMinutes: Math.max(5, p.disinfectMinMin + 1),
    a0: Math.max(3000, p.a0Min + 100),
    passed: true,
  };
}

/**
 * Everything the stations need, made through the API: tokens (POST /api/auth/login), a washer
 * and a steam sterilizer each (made when the data set has too few ready), non-critical
 * non-implant templates, B sets per station.
 */
export async function prepareStations(client, { users, stations, setsPerStation, runTag, log }) {
  const byRole = (r) => users.filter((u) => u.role === r);
  const head = byRole('head_nurse')[0];
  const nurses = byRole('nurse');
  const monitor = byRole('monitor')[0] ?? head;
  if (!head || nurses.length === 0) throw new SetupError('the data set has no head_nurse or no nurse account');

  const headToken = await login(client, head.username, head.password);
  const monitorToken = await login(client, monitor.username, monitor.password);
  const tokens = [];
  for (let i = 0; i < stations; i++) {
    const n = nurses[i % nurses.length];
    tokens.push({ token: await login(client, n.username, n.password), username: n.username });
  }
  const auth = { token: headToken };

  const departments = expectOk(await client.get('/api/departments', auth), 'GET /api/departments').filter((d) => d.active);
  if (departments.length === 0) throw new SetupError('no active department');

  // Non-critical, non-implant reusable steam sets: packing needs no second person.
  let templates = expectOk(await client.get('/api/set-templates', auth), 'GET /api/set-templates').filter(
    (t) => t.active && !t.critical && !t.implant && !t.dressing && t.sterilizationMethod === 'steam_prevacuum',
  );
  if (templates.length === 0) {
    log('  no non-critical steam template in the data set: creating BENCH-SIMPLE');
    const t = await client.post(
      '/api/set-templates',
      {
        code: `BENCH-SIMPLE-${runTag}`.slice(0, 32),
        nameZh: '基准测试器械包',
        nameEn: 'Benchmark simple set',
        packagingMaterial: 'crepe_nonwoven',
        sterilizationMethod: 'steam_prevacuum',
        implant: false,
        critical: false,
        contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 }],
      },
      auth,
    );
    templates = [expectOk(t, 'POST /api/set-templates')];
  }

  const washers = expectOk(await client.get('/api/washers', auth), 'GET /api/washers')
    .filter((w) => w.active)
    .map((w) => ({
      washer: w,
      program: w.programs.filter((p) => p.active).sort((a, b) => (a.code === 'INST' ? -1 : b.code === 'INST' ? 1 : 0))[0],
    }))
    .filter((w) => w.program);
  if (washers.length === 0) throw new SetupError('no active washer with an active program');

  // A sterilizer runs one load at a time, in the order of its cycle numbers: stations loading at
  // once each need their own. And the service refuses an unload that comes sooner after the start
  // than the program's hold and minimum cycle (src/sterilization/cycle-times.ts): a real 134 °C
  // program holds 4 min, which a 20-s measurement cannot wait for. So each station gets a bench
  // sterilizer of its own, made through the API as a head nurse would, with a program that has no
  // hold or minimum cycle — labelled as such, so nobody mistakes it for a real one.
  const sterilizers = [];
  for (let i = 0; i < stations; i++) {
    const code = `BENCH-S${String(i + 1).padStart(2, '0')}-${runTag}`.slice(0, 32);
    const s = expectOk(
      await client.post(
        '/api/sterilizers',
        {
          code,
          nameZh: '基准测试灭菌器',
          nameEn: 'Benchmark sterilizer',
          type: 'steam_prevacuum',
          annualInspectionValidUntil: '2099-12-31',
        },
        auth,
      ),
      'POST /api/sterilizers',
    );
    const program = expectOk(
      await client.post(
        `/api/sterilizers/${s.id}/programs`,
        {
          code: 'BENCH0',
          nameZh: '基准测试程序（无维持时间）',
          nameEn: 'Benchmark program (no hold)',
          tempMinC: 134,
          tempMaxC: 137,
          minHoldMin: 0,
          minCycleMin: 0,
          pressureMinKpa: 205,
          pressureMaxKpa: 230,
        },
        auth,
      ),
      'POST /api/sterilizers/:id/programs',
    );
    sterilizers.push({ sterilizer: { ...s, programs: [program] }, program, bdToday: 'missing' });
  }

  // The sets: fresh asset codes each run, so no set is left half-way by an earlier run.
  const sets = [];
  const jobs = [];
  for (let s = 0; s < stations; s++) {
    for (let i = 0; i < setsPerStation; i++) {
      const template = templates[(s * setsPerStation + i) % templates.length];
      const department = departments[(s + i) % departments.length];
      jobs.push({
        s,
        assetCode: `BENCH-${runTag}-${String(s + 1).padStart(2, '0')}-${String(i + 1).padStart(3, '0')}`,
        templateId: template.id,
        homeDepartmentId: department.id,
      });
    }
  }
  for (let i = 0; i < jobs.length; i += 16) {
    await Promise.all(
      jobs.slice(i, i + 16).map(async (j) => {
        expectOk(
          await client.post(
            '/api/instrument-sets',
            { assetCode: j.assetCode, templateId: j.templateId, homeDepartmentId: j.homeDepartmentId },
            auth,
          ),
          `POST /api/instrument-sets ${j.assetCode}`,
        );
        (sets[j.s] ??= []).push(j.assetCode);
      }),
    );
  }

  return {
    headToken,
    monitor,
    monitorToken,
    stations: tokens.map((t, i) => ({
      index: i,
      name: `BENCH-${String(i + 1).padStart(2, '0')}`,
      token: t.token,
      username: t.username,
      sets: sets[i],
      washer: washers[i % washers.length],
      sterilizer: sterilizers[i % sterilizers.length],
      departmentId: departments[i % departments.length].id,
    })),
    sterilizers,
    templates: templates.map((t) => t.code),
    departments: departments.length,
  };
}

/**
 * Runs the stations. Each station keeps its sets in STAGES.length groups, one group at each
 * stage, and on every round moves each group one stage on — so every kind of scan is in the
 * mix all the time, as at a CSSD where all desks work at once. Group g joins at round g; the
 * warm-up lasts at least `warmupMs` and until every station has all its groups in play.
 * Samples count only when the request both started and ended inside the measured window.
 */
/**
 * Runs the stations: each scans as fast as the service answers (a saturating load), or, with
 * `paceMs`, waits that long before each scan once the measured window has begun, as a nurse picks
 * up the next set (the warm-up is never paced: it only brings every station to a steady state).
 */
export async function runStations(
  client,
  prep,
  { warmupMs, durationMs, maxWarmupMs = 120_000, paceMs = 0, log, onMeasureStart, onMeasureEnd },
) {
  const samples = { scan: Object.fromEntries(SCAN_KINDS.map((k) => [k, []])), batch: Object.fromEntries(BATCH_KINDS.map((k) => [k, []])) };
  const errors = []; // { kind, status, code }
  let phase = 'warmup';
  const window = { start: 0, end: 0 };
  const bdDone = new Set(prep.sterilizers.filter((s) => s.bdToday === 'passed').map((s) => s.sterilizer.id));
  const bdPending = new Map();
  const groupsInPlay = new Array(prep.stations.length).fill(0);

  const record = (group, kind, res) => {
    const inWindow =
      phase !== 'warmup' && window.start > 0 && res.t0 >= window.start && (window.end === 0 || res.t0 + res.ms <= window.end);
    if (!isOk(res.status)) {
      errors.push({
        kind,
        status: res.status,
        code: res.body?.code ?? res.error ?? null,
        measured: inWindow,
        message: res.body?.message ?? null,
      });
    }
    if (inWindow) samples[group][kind].push({ ms: res.ms, ok: isOk(res.status), status: res.status });
    return isOk(res.status);
  };

  async function ensureBd(st) {
    const id = st.sterilizer.sterilizer.id;
    if (bdDone.has(id)) return true;
    if (!bdPending.has(id)) {
      bdPending.set(
        id,
        (async () => {
          const res = await client.post(
            '/api/monitoring/bd',
            { sterilizerId: id, passed: true },
            { token: prep.monitorToken, station: st.name },
          );
          const ok = record('batch', 'bd', res);
          if (ok) bdDone.add(id);
          bdPending.delete(id);
          return ok;
        })(),
      );
    }
    return bdPending.get(id);
  }

  async function station(st) {
    const opts = { token: st.token, station: st.name };
    const wash = washRunFor(st.washer.program);
    const physical = physicalFor(st.sterilizer.program);
    const second = { username: prep.monitor.username, password: prep.monitor.password };
    const size = Math.ceil(st.sets.length / STAGES.length);
    // items: asset codes at recycle / wash / pack; pack barcodes from load on.
    const groups = STAGES.map((_, g) => ({ stage: 0, items: st.sets.slice(g * size, (g + 1) * size), joinsAt: g })).filter(
      (g) => g.items.length,
    );
    const scanEach = async (kind, items, send) => {
      const kept = [];
      for (const item of items) {
        if (phase === 'stop') return null;
        if (paceMs && phase === 'measure') {
          await new Promise((r) => setTimeout(r, paceMs));
          if (phase === 'stop') return null;
        }
        const res = await send(item);
        if (record('scan', kind, res)) kept.push({ item, res });
      }
      return kept;
    };

    /** One stage of one group; false when the group is lost (a batch step refused) or the run stops. */
    async function step(g) {
      const stage = STAGES[g.stage];
      let res;
      let kept;
      switch (stage) {
        case 'recycle': // a dispatched pack's set comes back: its previous pack closes as used
          kept = await scanEach('recycle', g.items, (code) =>
            client.post('/api/recycling/scan', { code, departmentId: st.departmentId, handedOverBy: 'Bench ward nurse' }, opts),
          );
          break;
        case 'wash': {
          res = await client.post('/api/cleaning/cycles', { washerId: st.washer.washer.id, programId: st.washer.program.id }, opts);
          if (!record('batch', 'washer_open', res)) return false;
          const cycleId = res.body.id;
          kept = await scanEach('wash', g.items, (code) => client.post(`/api/cleaning/cycles/${cycleId}/scan`, { code }, opts));
          if (!kept?.length) break;
          if (!record('batch', 'washer_complete', await client.post(`/api/cleaning/cycles/${cycleId}/complete`, wash, opts))) return false;
          break;
        }
        case 'pack': // inspection and packing: a new barcode per pack
          kept = await scanEach('pack', g.items, (code) =>
            client.post(
              '/api/packing/sets',
              { code, inspection: { clean: true, functional: true, complete: true, label: true, indicatorTape: true } },
              opts,
            ),
          );
          if (kept) kept = kept.map((k) => ({ item: { asset: k.item, barcode: k.res.body.pack.barcode } }));
          break;
        case 'load': {
          if (!(await ensureBd(st))) return false; // B-D of the day first
          res = await client.post('/api/loads', { sterilizerId: st.sterilizer.sterilizer.id, programId: st.sterilizer.program.id }, opts);
          if (!record('batch', 'load_open', res)) return false;
          const loadId = res.body.id;
          kept = await scanEach('load', g.items, (it) => client.post(`/api/loads/${loadId}/packs`, { code: it.barcode }, opts));
          if (!kept?.length) break;
          // Before the start: the packs' first labels printed (the load's sheet) and the loading
          // check, with the monitor as the second person implant and critical loads need.
          if (
            !record(
              'batch',
              'load_print',
              await client.post(`/api/labels/loads/${loadId}/print`, { unprintedOnly: true }, { ...opts, raw: true }),
            )
          )
            return false;
          if (
            !record(
              'batch',
              'load_check',
              await client.post(
                `/api/loads/${loadId}/check`,
                { packaging: true, quantity: true, specification: true, loadingMethod: true, secondPerson: second },
                opts,
              ),
            )
          )
            return false;
          if (!record('batch', 'load_start', await client.post(`/api/loads/${loadId}/start`, {}, opts))) return false;
          if (
            !record(
              'batch',
              'load_unload',
              await client.post(
                `/api/loads/${loadId}/complete`,
                {
                  // The printout's cycle, as the nurse types it: the bench program's cycle takes no time (hold 0, minimum 0),
                  // so it ran from a second ago to now (the service allows its 2-minute clock skew around the recorded run).
                  physical: {
                    ...physical,
                    cycleStartedAt: new Date(Date.now() - 1000).toISOString(),
                    cycleEndedAt: new Date().toISOString(),
                  },
                  loadIndicatorPassed: true,
                  exceptions: [],
                  secondPerson: second,
                },
                opts,
              ),
            )
          )
            return false;
          break;
        }
        case 'store':
          kept = await scanEach('store', g.items, (it) =>
            client.post('/api/storage/scan', { code: it.barcode, location: `B-${st.index + 1}` }, opts),
          );
          break;
        case 'dispatch':
          kept = await scanEach('dispatch', g.items, (it) =>
            client.post('/api/dispatch/scan', { code: it.barcode, departmentId: st.departmentId }, opts),
          );
          if (kept) kept = kept.map((k) => ({ item: k.item.asset }));
          break;
      }
      if (kept === null) return false; // stopping
      g.items = kept.map((k) => k.item);
      g.stage = (g.stage + 1) % STAGES.length;
      return g.items.length > 0;
    }

    let live = groups;
    for (let round = 0; phase !== 'stop' && live.length > 0; round++) {
      const next = [];
      for (const g of live) {
        if (phase === 'stop') break;
        if (g.joinsAt > round) {
          next.push(g);
          continue;
        }
        if (await step(g)) next.push(g);
      }
      if (phase !== 'stop') live = next;
      groupsInPlay[st.index] = round >= groups.length - 1 ? groups.length : round + 1;
    }
    groupsInPlay[st.index] = Infinity; // out of play: the warm-up does not wait for it
    // A station that leaves its loop before the end lost all its groups (batch steps refused, scans refused).
    return { live: live.reduce((a, g) => a + g.items.length, 0), stoppedEarly: phase !== 'stop' };
  }

  const running = prep.stations.map((st) =>
    station(st).catch((e) => {
      errors.push({ kind: 'station', status: 0, code: 'CRASH', message: String(e?.stack ?? e), measured: true });
      return { live: 0, stoppedEarly: true };
    }),
  );
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const t0 = performance.now();
  await sleep(warmupMs);
  while (groupsInPlay.some((n, i) => n < Math.min(STAGES.length, prep.stations[i].sets.length)) && performance.now() - t0 < maxWarmupMs)
    await sleep(50);
  const warmupSeconds = (performance.now() - t0) / 1000;
  log?.(`  warm-up ${warmupSeconds.toFixed(1)} s (until every station had a group at every stage); measuring ${durationMs / 1000} s`);
  window.start = performance.now();
  phase = 'measure';
  onMeasureStart?.();
  await sleep(durationMs);
  window.end = performance.now();
  onMeasureEnd?.();
  phase = 'stop';
  const ends = await Promise.all(running);

  const seconds = (window.end - window.start) / 1000;
  const allScans = SCAN_KINDS.flatMap((k) => samples.scan[k]);
  const measuredErrors = errors.filter((e) => e.measured);
  const scanErrors = allScans.filter((s) => !s.ok).length;
  const byCode = {};
  for (const e of errors) byCode[`${e.kind} ${e.status} ${e.code}`] = (byCode[`${e.kind} ${e.status} ${e.code}`] ?? 0) + 1;
  return {
    seconds,
    scans: {
      total: allScans.length,
      perSecond: allScans.length / seconds,
      okPerSecond: allScans.filter((s) => s.ok).length / seconds,
      errors: scanErrors,
      latency: summary(allScans.map((s) => s.ms)),
      byKind: Object.fromEntries(
        SCAN_KINDS.map((k) => [k, { ...summary(samples.scan[k].map((s) => s.ms)), errors: samples.scan[k].filter((s) => !s.ok).length }]),
      ),
    },
    batch: Object.fromEntries(
      BATCH_KINDS.map((k) => [k, { ...summary(samples.batch[k].map((s) => s.ms)), errors: samples.batch[k].filter((s) => !s.ok).length }]),
    ),
    errors: {
      measured: measuredErrors.length,
      all: errors.length,
      byCode,
      serverErrors: errors.filter((e) => e.status >= 500 || e.status === 0).length,
      samples: errors.slice(0, 5),
    },
    liveSetsAtEnd: ends.reduce((a, b) => a + b.live, 0),
    stationsStoppedEarly: ends.filter((e) => e.stoppedEarly).length,
    warmupSeconds,
  };
}
