// The simulated CSSD: sets circulate (recycling → washer → packing → sterilizer load →
// storage → dispatch → department → back), driven by each department's demand, day by day.
// Stage simulations schedule time-stamped actions; once a day's actions are all known they are
// applied in time order through the same pack state machine the service uses, and each applied
// step becomes the pack_events row (and column changes) the service would have written.
import { Heap, Rng, cumulative } from './rng.mjs';
import { esc, json } from './copy.mjs';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MIN = 60_000;
/** Asia/Shanghai has had no daylight saving time since 1991: a fixed +08:00. */
const OFFSET = 8 * HOUR;

const BASE_WEIGHTS = { APP: 6, LAP: 8, THY: 3, CS: 5, ORB: 6, IMP: 2, TRACH: 2, RESC: 2, SUT: 12, DRS: 20, LP: 4, LSC: 4, DEN: 10, GOWN: 16 };
/** Days of demand kept in sterile storage for short-life packaging; others get the computed depth. */
const SHORT_STOCK_DAYS = { APP: 5, TRACH: 8, RESC: 18, GOWN: 4, LP: 12 };
/** Which department a set belongs to (the demo seed's map). */
const HOME = { ORB: 'ORTHO', IMP: 'ORTHO', CS: 'OBGYN', DEN: 'STOM', LSC: 'GS', TRACH: 'ICU', RESC: 'ED', LP: 'IM', DRS: 'GS', SUT: 'ED' };
const SURGICAL = new Set(['APP', 'LAP', 'THY', 'CS', 'ORB', 'IMP', 'LSC']);
const EXTRA_DEPARTMENTS = [
  ['CARD', '心血管内科', 'Cardiology'], ['NEURO', '神经外科', 'Neurosurgery'], ['URO', '泌尿外科', 'Urology'], ['OPH', '眼科', 'Ophthalmology'],
  ['ENT', '耳鼻咽喉科', 'Otolaryngology'], ['PED', '儿科', 'Pediatrics'], ['ONC', '肿瘤科', 'Oncology'], ['RESP', '呼吸内科', 'Respiratory Medicine'],
  ['GI', '消化内科', 'Gastroenterology'], ['NEPH', '肾内科', 'Nephrology'], ['HEM', '血液科', 'Hematology'], ['CTS', '心胸外科', 'Cardiothoracic Surgery'],
  ['BURN', '烧伤科', 'Burns'], ['REHAB', '康复医学科', 'Rehabilitation'], ['DERM', '皮肤科', 'Dermatology'], ['ENDO', '内镜中心', 'Endoscopy Center'],
  ['DR', '产房', 'Delivery Room'], ['OPD', '门诊部', 'Outpatient Department'], ['IR', '介入手术室', 'Interventional Radiology'], ['HD', '血液透析室', 'Hemodialysis'],
  ['NICU', '新生儿重症监护室', 'Neonatal ICU'], ['GER', '老年医学科', 'Geriatrics'], ['ENDC', '内分泌科', 'Endocrinology'], ['INF', '感染科', 'Infectious Diseases'],
];
/** Sunday … Saturday: fewer planned operations at the weekend. Normalised to a mean of 1. */
const WEEKDAY_RAW = [0.55, 1.12, 1.12, 1.12, 1.12, 1.12, 0.75];
const WEEKDAY = WEEKDAY_RAW.map((w) => (w * 7) / WEEKDAY_RAW.reduce((a, b) => a + b, 0));

const CLOSED = new Set(['used', 'use_unrecorded', 'returned', 'failed', 'problem', 'recalled', 'incinerated']);
const INSIDE_CSSD = new Set(['sterilizing', 'quarantined', 'released', 'stored']);
const OUTCOME_ACTION = { failed: 'sterilization_failed', rejected: 'unload_rejected', quarantined: 'unload_quarantined', released: 'unload_released' };

/** What the service fixes on a load when it starts (src/kernel/run-snapshot.ts). */
function runSnapshot(s, p) {
  return {
    sterilizer: { id: s.id, code: s.code, nameZh: s.zh, nameEn: s.en, type: s.type },
    program: { id: p.id, code: p.code, nameZh: p.zh, nameEn: p.en, tempMinC: p.tempMinC, tempMaxC: p.tempMaxC, minHoldMin: p.minHoldMin, pressureMinKpa: p.pressureMinKpa, pressureMaxKpa: p.pressureMaxKpa, h2o2MinMgL: p.h2o2MinMgL },
  };
}

const STEAM_CAP = 48;
const PLASMA_CAP = 16;
const WASHER_CAP = 20;

class Pack {
  constructor(id, tpl, set, cycleNo, implant, contamination) {
    this.id = id;
    this.tpl = tpl;
    this.set = set;
    this.cycleNo = cycleNo;
    this.implant = implant;
    this.contamination = contamination;
    // Columns, changed only when an applied step changes them.
    this.state = null;
    this.barcode = null;
    this.material = null;
    this.washerCycleId = null;
    this.loadId = null;
    this.sterDate = null;
    this.expiry = null;
    this.wet = false;
    this.damaged = false;
    this.oip = null;
    this.location = null;
    this.deptId = null;
    this.packedBy = null;
    this.checkedBy = null;
    this.replacedBy = null;
    this.createdAt = 0;
    this.updatedAt = 0;
    this.created = false;
    this.written = false;
    // Plan, known to the simulation before the steps are applied.
    this.bc = null;
    this.serial = 0;
    this.exp = null;
    this.load = null;
    this.recallAt = Infinity;
    this.returnAt = 0;
    this.useData = null;
    this.emergency = false;
  }
}

export class Sim {
  /**
   * @param o {packsPerDay, days, sterilizers, seed, today: 'YYYY-MM-DD', cutoff: 'HH:MM'}
   * @param deps functions from the built service (dist) and the demo hospital
   * @param w COPY writers by table name (streams) and `small` (buffered rows by table)
   */
  constructor(o, deps, w) {
    this.o = o;
    this.deps = deps;
    this.w = w;
    this.rng = new Rng(o.seed);
    this.seq = 0;
    const [y, m, d] = o.today.split('-').map(Number);
    this.base = Date.UTC(y, m - 1, d) - OFFSET - (o.days - 1) * DAY;
    const [ch, cm] = o.cutoff.split(':').map(Number);
    this.cutoff = this.at(o.days - 1, ch, cm);
    this.dates = Array.from({ length: o.days + 1 }, (_, i) => new Date(this.base + i * DAY + OFFSET).toISOString().slice(0, 10));
    this.buckets = Array.from({ length: o.days }, () => []);
    this.arrivals = Array.from({ length: o.days }, () => []);
    this.washCarry = Array.from({ length: o.days }, () => []);
    this.toPack = Array.from({ length: o.days }, () => []);
    this.storeArrivals = Array.from({ length: o.days }, () => []);
    this.applying = -1;
    this.late = null;
    this.live = new Map();
    this.serial = 0;
    this.maxSerialApplied = 0;
    this.stats = { eventTypes: {}, skipped: {}, anomalies: {}, unmetDemand: 0, firstCyclesFromUntrackedStock: 0, expiredPulled: 0, dispatches: 0, biFailures: 0, recalledPacks: 0 };
    this.expiryCache = new Map();
    this.packsCreated = 0;
    this.recalls = [];
    this.recallItems = [];
    this.pendingCycles = new Map();
    this.pendingLoads = new Map();
    this.pendingBis = new Map();
    this.compliance = { storage_temperature: [], storage_humidity: [] };
    this.setup();
  }

  // ---------------------------------------------------------------- time
  at(day, h, m = 0) {
    return this.base + day * DAY + (h * 60 + m) * MIN;
  }
  dayOf(ms) {
    return Math.floor((ms - this.base) / DAY);
  }
  minuteOfDay(ms) {
    return (((ms - this.base) % DAY) + DAY) % DAY / MIN;
  }
  localDate(ms) {
    const d = this.dayOf(ms);
    return d >= 0 && d < this.dates.length ? this.dates[d] : new Date(ms + OFFSET).toISOString().slice(0, 10);
  }
  /** The same instant if within [open, close) local minutes, else the next opening plus a little. */
  workTime(ms, openMin, closeMin, jitter = 60) {
    const mod = this.minuteOfDay(ms);
    if (mod >= openMin && mod < closeMin) return ms;
    const day = this.dayOf(ms) + (mod >= closeMin ? 1 : 0);
    return this.base + day * DAY + openMin * MIN + Math.floor(this.rng.next() * jitter * MIN);
  }
  iso(ms) {
    return new Date(ms).toISOString();
  }

  // ---------------------------------------------------------------- catalog and people
  setup() {
    const { o, rng } = this;
    const demo = this.deps.demo;
    const catalogAt = this.base - 30 * DAY;
    this.catalogAt = catalogAt;

    // Departments: the demo hospital's eight, plus wards for a larger hospital.
    const extra = Math.min(EXTRA_DEPARTMENTS.length, Math.floor(o.packsPerDay / 200));
    this.departments = [...demo.departments.map((x) => [x.code, x.zh, x.en]), ...EXTRA_DEPARTMENTS.slice(0, extra)].map(([code, zh, en]) => ({ id: rng.uuid(), code, zh, en }));
    this.deptByCode = new Map(this.departments.map((x) => [x.code, x]));

    // Sterilizers: pre-vacuum steam, and hydrogen peroxide plasma for the low-temperature sets.
    const n = o.sterilizers;
    const plasma = n >= 2 ? Math.max(1, Math.round(n / 5)) : 0;
    const steamDemo = demo.sterilizers.find((s) => s.type === 'steam_prevacuum');
    const plasmaDemo = demo.sterilizers.find((s) => s.type === 'h2o2_plasma');
    this.sterilizers = [];
    for (let i = 1; i <= n; i++) {
      const isPlasma = i > n - plasma;
      const k = isPlasma ? i - (n - plasma) : i;
      const src = isPlasma ? plasmaDemo : steamDemo;
      const programs = src.programs
        .filter((p) => isPlasma || i === 1 || p.code !== 'P121')
        .map((p) => ({ id: rng.uuid(), code: p.code, zh: p.zh, en: p.en, tempMinC: p.tempMinC, tempMaxC: p.tempMaxC, minHoldMin: p.minHoldMin, pressureMinKpa: p.pressureMinKPa ?? null, pressureMaxKpa: p.pressureMaxKPa ?? null, h2o2MinMgL: p.h2o2MinMgL ?? null }));
      this.sterilizers.push({
        id: rng.uuid(),
        code: `S${i}`,
        zh: isPlasma ? `${k}号过氧化氢低温等离子灭菌器` : `${k}号脉动真空灭菌器`,
        en: isPlasma ? `Hydrogen peroxide plasma sterilizer ${k}` : `Pre-vacuum steam sterilizer ${k}`,
        type: isPlasma ? 'h2o2_plasma' : 'steam_prevacuum',
        programs,
        program: programs.find((p) => p.code === (isPlasma ? 'STD' : 'P134')),
        inspectionUntil: this.addDays(o.today, rng.int(60, 330)),
        cycleNo: 0,
        freeAt: 0,
        dayOpen: 0,
        lastBiAt: -Infinity,
        lastBiDay: -1,
        recent: [],
        block: null,
        failure: null,
      });
    }
    this.methods = [...new Set(this.sterilizers.map((s) => s.type))];

    // Washers: one per ~200 sets a day.
    const washers = Math.max(2, Math.ceil(o.packsPerDay / 200));
    this.washers = [];
    for (let i = 1; i <= washers; i++) {
      const src = demo.washers[Math.min(i - 1, demo.washers.length - 1)];
      const programs = src.programs.map((p) => ({ id: rng.uuid(), code: p.code, zh: p.zh, en: p.en, disinfectTempMinC: p.disinfectTempMinC, disinfectMinMin: p.disinfectMinMin, a0Min: p.a0Min }));
      this.washers.push({ id: rng.uuid(), code: `W${i}`, zh: `${i}号全自动清洗消毒器`, en: `Washer-disinfector ${i}`, programs, cycleNo: 0, freeAt: 0 });
    }

    // Templates: the demo hospital's, with numbered variants for a larger catalogue.
    const variants = Math.max(1, Math.round(o.packsPerDay / 800));
    const harmonic = Array.from({ length: variants }, (_, k) => 1 / (k + 1));
    const hsum = harmonic.reduce((a, b) => a + b, 0);
    this.templates = [];
    for (const t of demo.templates) {
      const weight = t.method === 'h2o2_plasma' && plasma === 0 ? 0 : BASE_WEIGHTS[t.code] ?? 2;
      for (let v = 1; v <= variants; v++) {
        this.templates.push({
          id: rng.uuid(),
          base: t.code,
          code: v === 1 ? t.code : `${t.code}-${v}`,
          zh: v === 1 ? t.zh : `${t.zh}（${v}号）`,
          en: v === 1 ? t.en : `${t.en} no. ${v}`,
          material: t.packaging,
          method: t.method,
          implant: t.implant,
          critical: t.critical,
          dressing: !!t.dressing,
          weightKg: t.weightKg,
          contents: t.items.map(([nameZh, nameEn, specification, quantity]) => ({ nameZh, nameEn, specification, quantity })),
          lambda: (o.packsPerDay * weight) / 100 * (harmonic[v - 1] / hsum),
          sets: [],
          untracked: [],
          storage: new Heap((a, b) => a.exp < b.exp || (a.exp === b.exp && a.bc < b.bc)),
          pipeline: 0,
          shelf: t.packaging === 'cotton' ? 14 : t.packaging === 'paper_bag' ? 30 : 182,
          home: this.deptByCode.get(HOME[t.code] ?? 'OR'),
          deptCum: null,
          deptList: null,
          rack: 0,
        });
      }
    }
    this.templates.forEach((t, i) => (t.rack = i + 1));

    // Stock depth: enough sets for `storedTarget` packs in sterile storage at any time.
    const storedTarget = o.storedTarget ?? Math.round(Math.min(24_000, Math.max(o.packsPerDay, o.packsPerDay * o.days * 0.1)));
    let shortStock = 0;
    let longLambda = 0;
    for (const t of this.templates) {
      if (SHORT_STOCK_DAYS[t.base] !== undefined) shortStock += t.lambda * SHORT_STOCK_DAYS[t.base];
      else longLambda += t.lambda;
    }
    const longDays = Math.max(1, (storedTarget - shortStock) / Math.max(longLambda, 1e-9));
    this.stockDays = { long: +longDays.toFixed(2), storedTarget };
    let setNo = 0;
    for (const t of this.templates) {
      t.stockDays = SHORT_STOCK_DAYS[t.base] ?? longDays;
      if (t.dressing || t.lambda === 0) continue;
      const count = Math.max(2, Math.ceil(t.lambda * (t.stockDays + 2.2) * 1.05));
      for (let i = 1; i <= count; i++) {
        const set = { id: rng.uuid(), tpl: t, assetCode: `${t.code}-${String(i).padStart(5, '0')}`, home: t.home, cycleCount: 0, simCycles: 0, updatedAt: catalogAt, current: null };
        t.sets.push(set);
        setNo++;
      }
      // Before go-live every set is outside the system: it enters at its first recycling.
      t.untracked = [...t.sets].reverse();
    }

    // Where each template's packs are sent.
    const wards = this.departments.filter((x) => x.code !== 'OR' && x.code !== 'STOM');
    for (const t of this.templates) {
      const weights = new Map();
      const add = (code, w) => {
        const dep = this.deptByCode.get(code);
        if (dep) weights.set(dep, (weights.get(dep) ?? 0) + w);
      };
      if (SURGICAL.has(t.base)) {
        if (t.base === 'CS') {
          add('OR', 0.6);
          add('OBGYN', 0.3);
          add(this.deptByCode.has('DR') ? 'DR' : 'OBGYN', 0.1);
        } else {
          add('OR', 0.82);
          add(t.home.code, 0.18);
        }
      } else if (t.base === 'DEN') {
        add('STOM', 0.88);
        add(this.deptByCode.has('OPD') ? 'OPD' : 'STOM', 0.12);
      } else if (t.base === 'TRACH') {
        add('ICU', 0.5);
        add('ED', 0.3);
        add(this.deptByCode.has('ENT') ? 'ENT' : 'ICU', 0.2);
      } else if (t.base === 'GOWN') {
        add('OR', 0.7);
        for (const x of wards) add(x.code, 0.3 / wards.length);
      } else {
        add(t.home.code, 0.3);
        for (const x of wards) add(x.code, 0.7 / wards.length);
      }
      t.deptList = [...weights.keys()];
      t.deptCum = cumulative([...weights.values()]);
    }

    // People: one password for every account (a throwaway benchmark database).
    const nurses = Math.max(4, Math.ceil(o.packsPerDay / 80));
    const monitors = 2 + Math.floor(o.packsPerDay / 1500);
    const heads = 1 + Math.floor(o.packsPerDay / 2500);
    this.users = [];
    let badge = 0;
    const person = (role, username, zh, en, dept = null, withBadge = true) => {
      const u = { id: rng.uuid(), role, username, displayName: `${zh} ${en}`, dept, badge: withBadge ? `BENCH-B${String(++badge).padStart(3, '0')}` : null, station: null };
      this.users.push(u);
      return u;
    };
    person('admin', 'bench-admin', '基准管理员', 'Bench administrator', null, false);
    this.heads = Array.from({ length: heads }, (_, i) => person('head_nurse', `bench-head-${i + 1}`, `护士长${i + 1}`, `Head nurse ${i + 1}`));
    this.monitors = Array.from({ length: monitors }, (_, i) => person('monitor', `bench-monitor-${i + 1}`, `质检员${i + 1}`, `Quality monitor ${i + 1}`));
    const nurseList = Array.from({ length: nurses }, (_, i) => person('nurse', `bench-nurse-${String(i + 1).padStart(2, '0')}`, `护士${i + 1}`, `CSSD nurse ${i + 1}`));
    // Four groups of nurses, one per area, each at a station of that area.
    const groups = { decon: [], pack: [], ster: [], store: [] };
    const keys = Object.keys(groups);
    nurseList.forEach((u, i) => groups[keys[i % 4]].push(u));
    const stationPrefix = { decon: 'DECON', pack: 'PACK', ster: 'STER', store: 'STORE' };
    for (const k of keys) groups[k].forEach((u, i) => (u.station = `${stationPrefix[k]}-${(i % Math.max(1, Math.ceil(groups[k].length / 3))) + 1}`));
    this.nurses = groups;
    this.allNurses = nurseList;
    this.monitors.forEach((u, i) => (u.station = `QA-${i + 1}`));
    this.heads.forEach((u) => (u.station = 'OFFICE'));
    for (const dep of this.departments) {
      dep.user = person('department', `bench-dept-${dep.code.toLowerCase()}`, dep.zh, dep.en, dep, false);
      dep.user.station = `${dep.code}-1`;
    }

    // Failed BIs: a few over the period, at least one, away from the first and last days.
    const failures = o.days < 5 ? 0 : Math.max(o.days >= 60 ? 2 : 1, Math.round((o.days * n) / 1000));
    this.failPlan = [];
    const lo = o.days >= 60 ? 14 : Math.min(3, o.days - 2);
    const hi = o.days - 3;
    for (let i = 0; i < failures && hi > lo; i++) {
      const s = this.sterilizers[rng.int(0, n - 1)];
      this.failPlan.push({ s, day: rng.int(lo, hi) });
    }
    this.failPlan.sort((a, b) => a.day - b.day);
  }

  addDays(date, n) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  }

  nurse(group) {
    return this.rng.pick(this.nurses[group]);
  }
  otherNurse(not) {
    for (;;) {
      const u = this.rng.pick(this.allNurses);
      if (u !== not) return u;
    }
  }
  monitor() {
    return this.rng.pick(this.monitors);
  }

  // ---------------------------------------------------------------- scheduling
  sched(e) {
    e.seq = ++this.seq;
    const day = this.dayOf(e.at);
    if (day >= this.o.days) return;
    if (day < 0) throw new Error(`event before day 0: ${e.a ?? 'fn'}`);
    if (day === this.applying) {
      if (e.at < this.now) throw new Error(`event scheduled in the past: ${e.a ?? 'fn'}`);
      this.late.push(e);
    } else if (day < this.applying) {
      throw new Error(`event scheduled for a day already written: ${e.a ?? 'fn'}`);
    } else this.buckets[day].push(e);
  }
  step(at, p, a, actor, data, ch = null, second = null) {
    this.sched({ k: 0, at, seq: 0, p, a, actor, second, data, ch });
  }
  record(at, p, a, actor, data) {
    this.sched({ k: 2, at, seq: 0, p, a, actor, second: null, data, ch: null });
  }
  fn(at, f) {
    this.sched({ k: 3, at, seq: 0, fn: f });
  }

  // ---------------------------------------------------------------- applying
  writeEvent(p, at, type, from, to, actor, second, data) {
    this.w.pack_events.row(`${p.id}\t${this.iso(at)}\t${type}\t${from ?? '\\N'}\t${to}\t${actor.id}\t${second ? second.id : '\\N'}\t${actor.station ?? '\\N'}\t${json(data)}\t\\N`);
    this.stats.eventTypes[type] = (this.stats.eventTypes[type] ?? 0) + 1;
  }

  /** One state-machine step now, as PackLedger.step: refused (skipped) if the state does not allow it. */
  applyStep(at, p, a, actor, data, ch, second) {
    const rule = this.deps.PACK_ACTIONS[a];
    if (!p.created || !rule.from.includes(p.state)) {
      this.stats.skipped[`${a} from ${p.state}`] = (this.stats.skipped[`${a} from ${p.state}`] ?? 0) + 1;
      return false;
    }
    const from = p.state;
    p.state = rule.to;
    if (ch) Object.assign(p, ch);
    p.updatedAt = at;
    this.writeEvent(p, at, a, from, rule.to, actor, second, data);
    if (a === 'load') this.w.load_items.row(`${p.loadId}\t${p.id}\tadd\t${actor.id}\t${this.iso(at)}`);
    else if (a === 'use') p.useData = data;
    else if (a === 'pack') this.maxSerialApplied = Math.max(this.maxSerialApplied, p.serial);
    if (p.set === null && CLOSED.has(p.state)) this.writePack(p);
    return true;
  }

  applyRecord(at, p, a, actor, data) {
    if (!p.created) return;
    this.writeEvent(p, at, a, p.state, p.state, actor, null, data);
  }

  applyDay(d) {
    const evs = this.buckets[d];
    this.buckets[d] = null;
    evs.sort((x, y) => x.at - y.at || x.seq - y.seq);
    const less = (x, y) => x.at < y.at || (x.at === y.at && x.seq < y.seq);
    this.late = new Heap(less);
    this.applying = d;
    this.now = this.at(d, 0);
    let i = 0;
    for (;;) {
      let e;
      if (i < evs.length && (this.late.size === 0 || less(evs[i], this.late.peek()))) e = evs[i++];
      else if (this.late.size > 0) e = this.late.pop();
      else break;
      if (e.at > this.cutoff) continue;
      this.now = e.at;
      if (e.k === 0) this.applyStep(e.at, e.p, e.a, e.actor, e.data, e.ch, e.second);
      else if (e.k === 2) this.applyRecord(e.at, e.p, e.a, e.actor, e.data);
      else e.fn(e.at);
    }
    this.applying = -1;
    this.late = null;
  }

  // ---------------------------------------------------------------- rows
  writePack(p) {
    if (p.written || !p.created) return;
    p.written = true;
    this.live.delete(p.id);
    this.w.packs.row(
      [
        p.id, esc(p.barcode), p.set ? p.set.id : '\\N', p.tpl.id, p.cycleNo ?? '\\N', p.state, p.implant ? 't' : 'f', esc(p.contamination), esc(p.material),
        esc(p.washerCycleId), esc(p.loadId), esc(p.sterDate), esc(p.expiry), p.wet ? 't' : 'f', p.damaged ? 't' : 'f', esc(p.oip), esc(p.location), esc(p.deptId),
        esc(p.useData?.patientId ?? null), esc(p.useData?.operationId ?? null),
        esc(p.packedBy), esc(p.checkedBy), esc(p.replacedBy), this.iso(p.createdAt), this.iso(p.updatedAt),
        // The catalog never changes in the simulation: every packed pack was packed to version 1.
        p.barcode ? '1' : '\\N',
      ].join('\t'),
    );
    this.stats.packStates ??= {};
    this.stats.packStates[p.state] = (this.stats.packStates[p.state] ?? 0) + 1;
  }

  writeCycle(c) {
    const done = c.completedAt <= this.cutoff;
    this.pendingCycles.delete(c.id);
    this.w.washer_cycles.rowOf([
      c.id, c.washer.id, c.program.id, c.cycleNo, done ? c.status : 'open', c.openedBy.id, this.iso(c.openedAt),
      done ? c.completedBy.id : null, done ? this.iso(c.completedAt) : null, done ? c.temp : null, done ? c.minutes : null, done ? c.a0 : null, done ? c.note : null,
    ]);
  }

  writeLoad(l) {
    this.pendingLoads.delete(l.id);
    const t = this.cutoff;
    const started = l.startedAt <= t;
    const done = started && l.completedAt <= t;
    let release = 'pending';
    if (done) {
      release = l.release0;
      if (l.bi && l.bi.readAt <= t) {
        if (l.bi.result === 'passed' && release === 'awaiting_bi') release = 'released';
        if (l.bi.result === 'failed') release = 'failed';
      }
    }
    const ph = l.physical;
    this.w.sterilizer_loads.rowOf([
      l.id, l.s.id, l.cycleNo, l.program.id, !started ? 'open' : !done ? 'running' : l.status, release, l.openedBy.id, this.iso(l.openedAt),
      started ? l.startedBy.id : null, started ? this.iso(l.startedAt) : null, started ? l.sterDate : null, done ? this.iso(l.completedAt) : null,
      done ? l.unloadedBy.id : null, done ? l.checker.id : null,
      done ? ph.tempMinC : null, done ? ph.tempMaxC : null, done ? ph.pressureMinKpa ?? null : null, done ? ph.pressureMaxKpa ?? null : null, done ? ph.holdMinutes : null, done ? ph.h2o2MgL ?? null : null,
      done ? l.problems.length === 0 : null, done ? JSON.stringify(l.problems) : null, done ? l.chemicalPassed : null,
      started ? l.containsImplant : false, l.note, l.emptyChamber,
      started ? JSON.stringify(runSnapshot(l.s, l.program)) : null,
    ]);
  }

  writeBi(b) {
    this.pendingBis.delete(b.id);
    const read = b.readAt <= this.cutoff;
    this.w.small.bi_tests.push([
      b.id, b.s.id, b.load.id, b.lot, this.iso(b.placedAt), b.placedBy.id, b.pcd, read ? b.result : 'pending', read ? this.iso(b.readAt) : null, read ? b.readBy.id : null,
      read && b.result === 'failed' ? '培养阳性 growth after incubation' : null, this.iso(b.placedAt + 2 * MIN), read ? this.iso(b.readAt) : null, b.readoutMinutes,
    ]);
  }

  // ---------------------------------------------------------------- the day
  async run(onDay = () => {}) {
    for (let d = 0; d < this.o.days; d++) {
      this.morning(d);
      this.sweepExpired(d);
      this.washSim(d);
      this.packSim(d);
      for (const method of this.methods) this.sterSim(d, method);
      this.dispatchSim(d);
      this.applyDay(d);
      await onDay(d);
    }
    this.finish();
  }

  /** B-D tests before the first load, and the environment readings of the day. */
  morning(d) {
    const { rng } = this;
    for (const s of this.sterilizers) {
      if (s.type !== 'steam_prevacuum') {
        s.dayOpen = this.at(d, 7, 0) + rng.int(0, 15) * MIN;
        continue;
      }
      const op = this.nurse('ster');
      const t1 = this.at(d, 6, 35) + rng.int(0, 20) * MIN;
      const failed = rng.chance(0.003);
      this.bdTest(s, t1, !failed, op, failed ? '色块变色不均匀 uneven colour change' : null);
      let open = t1 + 10 * MIN;
      if (failed) {
        const t2 = t1 + rng.int(90, 150) * MIN;
        this.bdTest(s, t2, true, op, '维修后复测 retest after repair');
        open = t2 + 10 * MIN;
      }
      s.dayOpen = open;
    }
    const month = Number(this.dates[d].slice(5, 7));
    const summer = month >= 6 && month <= 9;
    const staff = () => this.monitor();
    for (const [h, m] of [[8, 0], [16, 0]]) {
      const t = this.at(d, h, m) + rng.int(0, 10) * MIN;
      const temp = +(summer ? 22.2 + rng.normal() * 0.9 : 20.5 + rng.normal() * 1.0).toFixed(1);
      const hum = +(summer ? 58 + rng.normal() * 5 : 48 + rng.normal() * 6).toFixed(1);
      this.reading('storage_temperature', Math.min(temp, 25.5), t, staff());
      this.reading('storage_humidity', Math.min(Math.max(hum, 25), 78), t + MIN, staff());
    }
    this.reading('water_conductivity', +(3 + rng.next() * 6).toFixed(2), this.at(d, 7, 30), staff());
    this.reading('disinfectant_concentration', +(500 + rng.normal() * 18).toFixed(1), this.at(d, 7, 45), staff(), 450, 550);
    if (new Date(this.base + d * DAY + OFFSET).getUTCDay() === 1) {
      this.reading('air_colony_sterile_storage', rng.int(12, 150), this.at(d, 10, 0), staff());
      this.reading('air_colony_packing', rng.int(60, 380), this.at(d, 10, 20), staff());
    }
  }

  bdTest(s, at, passed, op, note) {
    const id = this.rng.uuid();
    const date = this.localDate(at);
    this.fn(at, () => {
      this.w.small.bd_tests.push([id, s.id, this.iso(at), date, passed, op.id, note, this.iso(at + 3 * MIN)]);
    });
  }

  reading(kind, value, at, by, limitMin = null, limitMax = undefined) {
    const defaults = this.deps.DEFAULT_LIMITS[kind];
    const max = limitMax !== undefined ? limitMax : defaults?.max ?? null;
    const within = this.deps.withinLimits(value, limitMin, max, limitMax === undefined && (defaults?.strictMax ?? false));
    if (this.compliance[kind]) this.compliance[kind].push({ at, within });
    const id = this.rng.uuid();
    this.fn(at, () => {
      this.w.small.environment_readings.push([id, kind, value, defaults?.unit ?? 'mg/L', limitMin, max, within, this.iso(at), by.id, null, this.iso(at + 4 * MIN)]);
    });
  }

  compliantAt(t) {
    const last = (arr) => {
      let lo = 0;
      let hi = arr.length - 1;
      let found = null;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (arr[mid].at <= t) {
          found = arr[mid];
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    };
    const a = last(this.compliance.storage_temperature);
    const b = last(this.compliance.storage_humidity);
    return (!a || a.within) && (!b || b.within);
  }

  expiryOf(date, material, compliant) {
    const key = `${date}|${material}|${compliant}`;
    let v = this.expiryCache.get(key);
    if (!v) {
      v = this.deps.computeExpiry(date, material, compliant);
      this.expiryCache.set(key, v);
    }
    return v;
  }

  /** Each morning the store is checked: expired packs are pulled and their sets reprocessed. */
  sweepExpired(d) {
    const today = this.dates[d];
    const t0 = this.at(d, 8, 0);
    for (const t of this.templates) {
      const keep = [];
      while (t.storage.size > 0) {
        const p = t.storage.peek();
        if (p.recallAt <= t0) {
          t.storage.pop();
          continue;
        }
        if (p.exp >= today) break;
        t.storage.pop();
        if (this.rng.chance(0.5)) {
          this.stats.expiredPulled++;
          const at = t0 + this.rng.int(0, 75) * MIN;
          const nurse = this.nurse('store');
          if (p.set) this.arrivals[d].push({ type: 'set', set: p.set, at, prev: p, unused: false, fromDept: p.set.home, nurse: this.nurse('decon'), seq: ++this.seq });
          else {
            t.pipeline = Math.max(0, t.pipeline);
            this.arrivals[d].push({ type: 'label', p, at, unused: false, prion: false, nurse, seq: ++this.seq });
          }
        } else keep.push(p);
      }
      for (const p of keep) t.storage.push(p);
    }
  }

  // ---------------------------------------------------------------- recycling and cleaning
  washSim(d) {
    const { rng } = this;
    const q = new Heap((x, y) => x.ready < y.ready || (x.ready === y.ready && x.seq < y.seq));
    const arrivals = this.arrivals[d].sort((x, y) => x.at - y.at || x.seq - y.seq);
    this.arrivals[d] = null;
    for (const arr of arrivals) {
      if (arr.type === 'label') {
        this.fn(arr.at, () => this.applyLabel(arr));
        continue;
      }
      const set = arr.set;
      const t = set.tpl;
      const r = rng.next();
      const contamination = r < 0.985 ? 'routine' : r < 0.997 ? 'multidrug_resistant' : 'special_infection';
      const p = new Pack(rng.uuid(), t, set, ++set.simCycles, t.implant, contamination);
      set.current = p;
      const missing = rng.chance(0.01) ? [{ instrument: `${rng.pick(t.contents).nameZh} ${rng.pick(t.contents).nameEn}`, quantity: 1 }] : [];
      this.fn(arr.at, () => this.applyRecycle(arr, p, missing));
      const ready = arr.at + rng.int(5, 40) * MIN;
      if (rng.chance(t.base === 'LSC' ? 0.25 : 0.015)) this.manualClean(p, ready);
      else q.push({ p, ready, seq: ++this.seq });
    }
    for (const c of this.washCarry[d]) q.push(c);
    this.washCarry[d] = null;

    for (const w of this.washers) w.freeAt = this.at(d, 7, 0) + rng.int(0, 10) * MIN;
    const close = this.at(d, 22, 30);
    while (q.size > 0) {
      let w = this.washers[0];
      for (const x of this.washers) if (x.freeAt < w.freeAt) w = x;
      const open = Math.max(w.freeAt, q.peek().ready);
      if (open >= close) break;
      const batch = [];
      while (q.size > 0 && q.peek().ready <= open + 10 * MIN && batch.length < WASHER_CAP) batch.push(q.pop());
      const program = w.programs.length > 1 && rng.chance(0.05) ? w.programs[1] : w.programs[0];
      const opener = this.nurse('decon');
      const cycle = { id: rng.uuid(), washer: w, program, cycleNo: ++w.cycleNo, openedBy: opener, openedAt: open, completedBy: null, completedAt: 0, temp: 0, minutes: 0, a0: 0, status: 'passed', note: null };
      let last = open;
      batch.forEach((item, i) => {
        const t = Math.max(open, item.ready) + (i + 1) * 20_000;
        last = Math.max(last, t);
        this.step(t, item.p, 'start_wash', opener, { washerCycleId: cycle.id, washerId: w.id, cycleNo: cycle.cycleNo }, { washerCycleId: cycle.id });
      });
      const complete = last + 2 * MIN + rng.int(40, 55) * MIN;
      const failed = rng.chance(0.003);
      cycle.temp = +(failed ? 87.5 + rng.next() * 2 : program.disinfectTempMinC + 0.5 + rng.next() * 3).toFixed(1);
      cycle.minutes = +(program.disinfectMinMin + (failed ? 0 : rng.next() * 2)).toFixed(2);
      cycle.a0 = Math.round(10 ** ((cycle.temp - 80) / 10) * cycle.minutes * 60);
      const problems = [];
      if (cycle.temp < program.disinfectTempMinC) problems.push(`temperature ${cycle.temp} °C < ${program.disinfectTempMinC} °C`);
      if (cycle.minutes < program.disinfectMinMin) problems.push(`disinfection time ${cycle.minutes} min < ${program.disinfectMinMin} min`);
      if (cycle.a0 < program.a0Min) problems.push(`A0 ${cycle.a0} < ${program.a0Min}`);
      const passed = !failed && problems.length === 0;
      cycle.status = passed ? 'passed' : 'failed';
      cycle.completedAt = complete;
      cycle.completedBy = this.nurse('decon');
      if (!passed) cycle.note = '温度未达标 disinfection temperature not reached';
      this.pendingCycles.set(cycle.id, cycle);
      this.fn(complete, () => this.writeCycle(cycle));
      const sorted = [...batch].sort((x, y) => (x.p.id < y.p.id ? -1 : 1));
      for (const item of sorted) this.step(complete, item.p, passed ? 'wash_passed' : 'wash_failed', cycle.completedBy, { washerCycleId: cycle.id, problems });
      if (passed) for (const item of batch) this.toPackAt(item.p, complete + rng.int(15, 100) * MIN);
      else for (const item of batch) q.push({ p: item.p, ready: complete + 5 * MIN, seq: ++this.seq });
      w.freeAt = complete + rng.int(3, 8) * MIN;
    }
    if (q.size > 0) {
      const rest = [];
      while (q.size > 0) rest.push(q.pop());
      if (d + 1 < this.o.days) this.washCarry[d + 1].push(...rest);
    }
  }

  manualClean(p, ready) {
    const at = this.workTime(ready + this.rng.int(20, 60) * MIN, 7 * 60, 22 * 60 + 30);
    this.step(at, p, 'manual_clean', this.nurse('decon'), { method: '手工清洗 + 75% 酒精 manual + 75% alcohol', note: null }, { washerCycleId: null });
    this.toPackAt(p, at + this.rng.int(15, 90) * MIN);
  }

  toPackAt(p, at) {
    const t = this.workTime(at, 7 * 60 + 30, 23 * 60, 120);
    const day = this.dayOf(t);
    if (day < this.o.days) this.toPack[day].push({ p, at: t, seq: ++this.seq });
  }

  /** RecyclingService.recycle: the previous cycle closed, a new pack (cycle) begins. */
  applyRecycle(arr, p, missing) {
    const prev = arr.prev;
    const actor = arr.nurse;
    if (prev && prev.created && !CLOSED.has(prev.state)) {
      const acts = this.deps.PACK_ACTIONS;
      // Issue 18: no use recorded at the bedside and not stated unused — flagged, never taken as used.
      if (!arr.unused && acts.use_not_recorded.from.includes(prev.state)) this.applyStep(arr.at, prev, 'use_not_recorded', actor, { dispatchedToDepartmentId: prev.deptId ?? null, collectedFromDepartmentId: arr.fromDept.id });
      else if (acts.return_unused.from.includes(prev.state)) this.applyStep(arr.at, prev, 'return_unused', actor, { reason: arr.unused ? 'unused' : 'reprocess from storage' });
      else this.stats.anomalies[`SET_IN_PROCESS ${prev.state}`] = (this.stats.anomalies[`SET_IN_PROCESS ${prev.state}`] ?? 0) + 1;
    }
    p.created = true;
    p.state = 'collected';
    p.createdAt = p.updatedAt = arr.at;
    this.live.set(p.id, p);
    this.packsCreated++;
    this.writeEvent(p, arr.at, 'recycle', null, 'collected', actor, null, {
      fromDepartmentId: arr.fromDept.id,
      fromDepartmentCode: arr.fromDept.code,
      fromDepartmentNameZh: arr.fromDept.zh,
      fromDepartmentNameEn: arr.fromDept.en,
      contaminationClass: p.contamination,
      countMatches: missing.length === 0,
      missing,
      damaged: [],
      note: null,
      previousPackId: prev && prev.created ? prev.id : null,
      previousBarcode: prev && prev.created ? prev.barcode : null,
    });
    p.set.cycleCount = p.cycleNo;
    p.set.updatedAt = arr.at;
    if (prev && prev.created) {
      prev.replacedBy = p.id;
      prev.updatedAt = arr.at;
      this.writePack(prev);
    }
  }

  /** A dressing pack's label scanned at recycling: closed, not reprocessed (prion: incinerated). */
  applyLabel(arr) {
    const p = arr.p;
    if (!p.created || CLOSED.has(p.state)) return;
    const acts = this.deps.PACK_ACTIONS;
    if (arr.prion && acts.incinerate.from.includes(p.state)) this.applyStep(arr.at, p, 'incinerate', arr.nurse, { contaminationClass: 'prion' });
    else if (!arr.unused && acts.use_not_recorded.from.includes(p.state)) this.applyStep(arr.at, p, 'use_not_recorded', arr.nurse, { dispatchedToDepartmentId: p.deptId ?? null, collectedFromDepartmentId: arr.fromDept?.id ?? p.deptId ?? null });
    else if (acts.return_unused.from.includes(p.state)) this.applyStep(arr.at, p, 'return_unused', arr.nurse, { reason: arr.unused ? 'unused' : 'reprocess from storage' });
  }

  // ---------------------------------------------------------------- packing
  packSim(d) {
    const { rng } = this;
    const items = this.toPack[d];
    this.toPack[d] = null;
    // Dressing packs are made in batches from their template, to keep the stock.
    for (const t of this.templates) {
      if (!t.dressing || t.lambda === 0) continue;
      const target = t.lambda * t.stockDays;
      const qty = Math.max(0, Math.round(t.lambda * WEEKDAY[this.weekday(d)] + 0.35 * (target - t.storage.size - t.pipeline)));
      let left = qty;
      while (left > 0) {
        const n = Math.min(left, rng.int(10, 30));
        left -= n;
        items.push({ dress: t, n, at: this.at(d, 8, 30) + rng.int(0, 11 * 60) * MIN, seq: ++this.seq });
      }
    }
    items.sort((x, y) => x.at - y.at || x.seq - y.seq);
    for (const item of items) {
      if (item.dress) {
        const t = item.dress;
        const packer = this.nurse('pack');
        for (let i = 0; i < item.n; i++) {
          const p = new Pack(rng.uuid(), t, null, null, t.implant, null);
          p.serial = ++this.serial;
          p.bc = this.deps.packBarcode(p.serial);
          t.pipeline++;
          const at = item.at;
          this.fn(at, () => {
            p.created = true;
            p.state = 'packed';
            p.barcode = p.bc;
            p.material = t.material;
            p.packedBy = packer.id;
            p.createdAt = p.updatedAt = at;
            this.live.set(p.id, p);
            this.packsCreated++;
            this.maxSerialApplied = Math.max(this.maxSerialApplied, p.serial);
            this.writeEvent(p, at, 'pack', null, 'packed', packer, null, { packagingMaterial: t.material, barcode: p.bc, dressing: true });
          });
          this.toSterilize(p, at + rng.int(5, 30) * MIN);
        }
        continue;
      }
      const p = item.p;
      const t = p.tpl;
      const packer = this.nurse('pack');
      if (rng.chance(0.003)) {
        this.step(item.at, p, 'inspection_failed', packer, { inspection: { clean: false, functional: true, complete: true, note: '残留污渍 visible residue' } });
        if (d + 1 < this.o.days) this.washCarry[d + 1].push({ p, ready: item.at + 10 * MIN, seq: ++this.seq });
        continue;
      }
      p.serial = ++this.serial;
      p.bc = this.deps.packBarcode(p.serial);
      const checker = t.critical || t.implant ? this.otherNurse(packer) : null;
      const inspection = { clean: true, functional: true, complete: true };
      this.step(
        item.at, p, 'pack', packer,
        { inspection, inspectorId: packer.id, packagingMaterial: t.material, barcode: p.bc },
        { barcode: p.bc, material: t.material, packedBy: packer.id, checkedBy: checker ? checker.id : null },
        checker,
      );
      this.toSterilize(p, item.at + rng.int(5, 30) * MIN);
    }
  }

  weekday(d) {
    return new Date(this.base + d * DAY + OFFSET).getUTCDay();
  }

  toSterilize(p, ready) {
    const key = p.implant ? 'implant' : p.tpl.method;
    (this.pending ??= {})[key] ??= [];
    this.pending[key].push({ p, ready, seq: ++this.seq });
  }

  // ---------------------------------------------------------------- sterilization
  sterSim(d, method) {
    const { rng } = this;
    const ss = this.sterilizers.filter((s) => s.type === method);
    this.pending ??= {};
    const byReady = (x, y) => x.ready - y.ready || x.seq - y.seq;
    const reg = (this.pending[method] ??= []).sort(byReady);
    const imp = method === 'steam_prevacuum' ? (this.pending.implant ??= []).sort(byReady) : [];
    let ri = 0;
    let ii = 0;
    const cap = method === 'h2o2_plasma' ? PLASMA_CAP : STEAM_CAP;
    const dayEnd = this.at(d, 23, 0);
    for (const s of ss) s.freeAt = Math.max(s.freeAt, s.dayOpen);
    for (let guard = 0; guard < 100_000; guard++) {
      let s = null;
      for (const x of ss) if (x.freeAt < dayEnd && (!s || x.freeAt < s.freeAt)) s = x;
      if (!s) break;
      // A failed BI: the sterilizer takes no load until an empty-chamber BI passes.
      if (s.block) {
        if (s.block.needEmpty && s.freeAt + 90 * MIN > s.block.from) {
          this.emptyChamberLoad(s, Math.max(s.block.from + 60 * MIN, s.freeAt));
          continue;
        }
        if (!s.block.needEmpty && s.freeAt < s.block.until) {
          s.freeAt = s.block.until + 5 * MIN;
          continue;
        }
        if (!s.block.needEmpty && s.freeAt >= s.block.until) s.block = null;
      }
      const rHead = ri < reg.length ? reg[ri].ready : Infinity;
      const iHead = ii < imp.length ? imp[ii].ready : Infinity;
      if (rHead === Infinity && iHead === Infinity) break;
      // Open when enough packs wait or the oldest has waited long enough.
      const k = Math.ceil(cap * 0.6);
      const tReg = rHead === Infinity ? Infinity : Math.min(rHead + 45 * MIN, ri + k - 1 < reg.length ? reg[ri + k - 1].ready : Infinity);
      const tImp = iHead === Infinity ? Infinity : Math.min(iHead + 60 * MIN, ii + 7 < imp.length ? imp[ii + 7].ready : Infinity);
      const open = Math.max(s.freeAt - 20 * MIN, Math.min(tReg, tImp));
      if (open >= dayEnd) {
        s.freeAt = Infinity;
        continue;
      }
      if (s.block && s.block.needEmpty && open + 90 * MIN > s.block.from) {
        s.freeAt = Math.max(s.freeAt, open);
        continue;
      }
      const items = [];
      const implantLoad = open >= tImp;
      if (implantLoad) while (ii < imp.length && imp[ii].ready <= open + 10 * MIN && items.length < 12) items.push(imp[ii++]);
      while (ri < reg.length && reg[ri].ready <= open + 15 * MIN && items.length < cap) items.push(reg[ri++]);
      if (items.length === 0) {
        s.freeAt = Math.max(s.freeAt, open) + 5 * MIN;
        continue;
      }
      this.makeLoad(d, s, open, items);
    }
    this.pending[method] = reg.slice(ri);
    if (method === 'steam_prevacuum') this.pending.implant = imp.slice(ii);
    for (const s of ss) if (s.freeAt === Infinity) s.freeAt = 0;
  }

  physicalRun(s, program, fail) {
    const { rng } = this;
    if (s.type === 'h2o2_plasma') {
      const tMin = +(46 + rng.next() * 3).toFixed(1);
      return { tempMinC: tMin, tempMaxC: +(tMin + 1 + rng.next() * 3).toFixed(1), holdMinutes: +(program.minHoldMin + rng.next() * 5).toFixed(2), h2o2MgL: +(fail ? 5.2 + rng.next() * 0.7 : 6.4 + rng.next() * 3).toFixed(2) };
    }
    const tMin = +(fail ? 132.6 + rng.next() * 1.2 : program.tempMinC + 0.1 + rng.next() * 0.8).toFixed(1);
    return {
      tempMinC: tMin,
      tempMaxC: +Math.min(program.tempMaxC, tMin + 0.6 + rng.next() * 1.4).toFixed(1),
      pressureMinKpa: +(program.pressureMinKpa + 1 + rng.next() * 6).toFixed(1),
      pressureMaxKpa: +(program.pressureMaxKpa - 2 - rng.next() * 12).toFixed(1),
      holdMinutes: +(program.minHoldMin + rng.next() * 1.5).toFixed(2),
    };
  }

  biLot(at) {
    const date = this.localDate(at);
    return `BI${date.slice(2, 4)}${date.slice(5, 7)}-${String((Number(date.slice(2, 4)) * 7 + Number(date.slice(5, 7)) * 3) % 97).padStart(2, '0')}`;
  }

  /** Anchor of a recall: the last load before `cycleNo` whose BI passed by `at`. */
  anchorOf(s, cycleNo, at) {
    let anchor = 0;
    for (const l of s.recent) if (l.bi && l.bi.result === 'passed' && l.bi.readAt <= at && l.cycleNo < cycleNo && l.cycleNo > anchor) anchor = l.cycleNo;
    return anchor;
  }

  makeLoad(d, s, open, items) {
    const { rng } = this;
    const program = s.program;
    const loader = this.nurse('ster');
    const load = {
      id: rng.uuid(), s, program, cycleNo: ++s.cycleNo, openedBy: loader, openedAt: open, startedBy: null, startedAt: 0, sterDate: null, completedAt: 0,
      unloadedBy: null, checker: null, physical: null, problems: [], chemicalPassed: true, containsImplant: false, emptyChamber: false, note: null,
      release0: 'pending', status: 'completed', bi: null, packs: [],
    };
    let last = open;
    items.forEach((item, i) => {
      const t = Math.max(open, item.ready) + (i + 1) * 15_000;
      last = Math.max(last, t);
      load.packs.push(item.p);
      item.p.load = load;
      this.step(t, item.p, 'load', loader, { loadId: load.id, sterilizerCode: s.code, cycleNo: load.cycleNo }, { loadId: load.id });
    });
    const start = Math.max(last + rng.int(3, 10) * MIN, s.freeAt);
    const duration = (s.type === 'h2o2_plasma' ? rng.int(50, 72) : rng.int(45, 58)) * MIN;
    const unload = start + duration + rng.int(3, 15) * MIN;
    s.freeAt = start + duration + rng.int(8, 15) * MIN;
    load.startedAt = start;
    load.startedBy = this.nurse('ster');
    load.sterDate = this.localDate(start);
    load.completedAt = unload;
    load.unloadedBy = this.nurse('ster');
    load.checker = this.monitor();
    load.containsImplant = load.packs.some((p) => p.implant);

    // Biological indicator: every implant load, weekly steam (Monday), daily plasma.
    const day = this.dayOf(start);
    let needBi = load.containsImplant;
    if (s.type === 'h2o2_plasma') needBi ||= s.lastBiDay !== day;
    else needBi ||= start - s.lastBiAt >= 6.5 * DAY || (this.weekday(day) === 1 && s.lastBiDay !== day);
    if (needBi) this.placeBi(load, start, load.containsImplant ? 3 * HOUR : 24 * HOUR);

    // A pending failure on this sterilizer: loads started before it is read are in its recall.
    if (s.failure && start <= s.failure.R) for (const p of load.packs) p.recallAt = Math.min(p.recallAt, s.failure.R);
    if (s.failure && start > s.failure.R) s.failure = null;

    // Physical and chemical monitoring; release per the release policy.
    const physicalFail = rng.chance(0.0012);
    const chemicalFail = !physicalFail && rng.chance(0.0008);
    load.physical = this.physicalRun(s, program, physicalFail);
    load.problems = this.deps.physicalProblems(program, load.physical);
    load.chemicalPassed = !chemicalFail;
    load.release0 = this.deps.loadReleaseAtUnload({ physicalPassed: load.problems.length === 0, chemicalPassed: load.chemicalPassed, containsImplant: load.containsImplant, method: s.type, bis: load.bi ? (load.bi.readAt <= unload ? load.bi.result : 'pending') : 'none' });
    load.status = load.release0 === 'failed' ? 'failed' : 'completed';
    if (load.status === 'failed') load.note = load.problems.length ? '物理监测不合格 physical record out of limits' : '化学指示物不合格 load indicator failed';

    // Start: sterilization date and expiry fixed; labels printed for the load.
    const compliant = this.compliantAt(start);
    const packsById = [...load.packs].sort((x, y) => (x.id < y.id ? -1 : 1));
    for (const p of packsById) {
      p.exp = this.expiryOf(load.sterDate, p.tpl.material, compliant);
      this.step(start, p, 'start_sterilization', load.startedBy, { loadId: load.id, sterilizationDate: load.sterDate, expiryDate: p.exp }, { sterDate: load.sterDate, expiry: p.exp });
    }
    const printer = load.startedBy;
    const printAt = start + rng.int(2, 8) * MIN;
    for (const p of [...load.packs].sort((x, y) => (x.bc < y.bc ? -1 : 1))) {
      this.record(printAt, p, 'label_printed', printer, { printNo: 1, barcode: p.bc, format: 'pdf', symbology: 'code128', sizeMm: '60x40', sterilizationDate: load.sterDate, expiryDate: p.exp, loadId: load.id });
    }

    // Unloading, co-signed by a quality monitor.
    const emergency = load.containsImplant && load.bi && load.bi.result === 'passed' && rng.chance(0.03);
    const quarantined = [];
    for (const p of packsById) {
      const checks = { wet: rng.chance(0.003), damaged: rng.chance(0.0005), outsideIndicatorPassed: !rng.chance(0.0005) };
      const outcome = this.deps.packOutcomeAtUnload({ release: load.release0, method: s.type }, { implant: p.implant, ...checks });
      this.step(
        unload, p, OUTCOME_ACTION[outcome], load.unloadedBy,
        { loadId: load.id, ...checks, physicalProblems: load.problems, loadIndicatorPassed: load.chemicalPassed },
        { wet: checks.wet, damaged: checks.damaged, oip: checks.outsideIndicatorPassed },
        load.checker,
      );
      if (outcome === 'released') this.toStore(p, unload);
      else if (outcome === 'quarantined') quarantined.push(p);
      else this.reprocess(p, unload);
    }
    if (quarantined.length) {
      if (emergency) {
        const at = unload + rng.int(10, 30) * MIN;
        const head = this.rng.pick(this.heads);
        const reason = '急诊手术需要，PCD 第5类指示物合格 Emergency surgery; PCD type 5 indicator passed';
        const erId = rng.uuid();
        this.fn(at, () => {
          this.w.small.emergency_releases.push([erId, load.id, load.bi.id, head.id, reason, this.iso(at)]);
          for (const p of [...quarantined].sort((x, y) => (x.id < y.id ? -1 : 1))) {
            if (p.state === 'quarantined' && this.applyStep(at, p, 'release', head, { emergency: true, biTestId: load.bi.id, reason })) p.emergency = true;
          }
        });
        for (const p of quarantined) this.toStore(p, at);
      } else if (load.bi.result === 'passed') {
        for (const p of quarantined) this.toStore(p, load.bi.readAt);
      }
    }
    s.recent.push(load);
    while (s.recent.length && s.recent[0].startedAt < start - 21 * DAY) s.recent.shift();
    this.pendingLoads.set(load.id, load);
    this.fn(Math.max(unload, load.bi ? load.bi.readAt : 0) + 1, () => {
      if (this.pendingLoads.has(load.id)) this.writeLoad(load);
    });
  }

  emptyChamberLoad(s, open) {
    const { rng } = this;
    const op = this.nurse('ster');
    const load = {
      id: rng.uuid(), s, program: s.program, cycleNo: ++s.cycleNo, openedBy: op, openedAt: open, startedBy: op, startedAt: open + 15 * MIN, sterDate: null, completedAt: 0,
      unloadedBy: op, checker: this.monitor(), physical: null, problems: [], chemicalPassed: true, containsImplant: false, emptyChamber: true,
      note: '维修后空载生物监测 empty-chamber BI after a positive BI', release0: 'released', status: 'completed', bi: null, packs: [],
    };
    load.sterDate = this.localDate(load.startedAt);
    const duration = (s.type === 'h2o2_plasma' ? 55 : 50) * MIN;
    load.completedAt = load.startedAt + duration + 5 * MIN;
    load.physical = this.physicalRun(s, s.program, false);
    load.problems = this.deps.physicalProblems(s.program, load.physical);
    this.placeBi(load, load.startedAt, 3 * HOUR, true);
    s.block.needEmpty = false;
    s.block.until = load.bi.readAt;
    s.freeAt = load.completedAt + 5 * MIN;
    s.recent.push(load);
    this.pendingLoads.set(load.id, load);
    this.fn(load.bi.readAt + 1, () => {
      if (this.pendingLoads.has(load.id)) this.writeLoad(load);
    });
  }

  placeBi(load, start, incubation, forcePass = false) {
    const { rng } = this;
    const s = load.s;
    const placedAt = Math.max(load.openedAt, start - rng.int(1, 5) * MIN);
    const bi = {
      id: rng.uuid(), s, load, lot: this.biLot(placedAt), placedAt, placedBy: load.startedBy ?? load.openedBy, pcd: load.containsImplant ? true : null,
      result: 'passed', readAt: start + incubation + rng.int(0, 20) * MIN, readBy: this.monitor(), readoutMinutes: Math.round(incubation / MIN),
    };
    load.bi = bi;
    s.lastBiAt = placedAt;
    s.lastBiDay = this.dayOf(placedAt);
    const planned = !forcePass && this.failPlan.find((f) => f.s === s && !f.used && f.day <= this.dayOf(start));
    if (planned && !s.failure && !s.block) {
      planned.used = true;
      bi.result = 'failed';
      const R = bi.readAt;
      const anchor = this.anchorOf(s, load.cycleNo, R);
      s.failure = { R, anchor, load };
      s.block = { from: R, until: Infinity, needEmpty: true };
      for (const l of s.recent) if (l.cycleNo > anchor) for (const p of l.packs) p.recallAt = Math.min(p.recallAt, R);
      for (const p of load.packs) p.recallAt = Math.min(p.recallAt, R);
      this.stats.biFailures++;
    }
    this.pendingBis.set(bi.id, bi);
    this.fn(bi.readAt, () => this.applyBiRead(bi));
  }

  /** MonitoringService.readBi: a negative BI releases the held packs; a positive one opens the recall. */
  applyBiRead(bi) {
    const load = bi.load;
    this.writeBi(bi);
    if (bi.result === 'passed') {
      if (load.release0 === 'awaiting_bi' && load.completedAt <= bi.readAt) {
        for (const p of [...load.packs].sort((x, y) => (x.id < y.id ? -1 : 1))) {
          if (p.state === 'quarantined') this.applyStep(bi.readAt, p, 'release', bi.readBy, { biTestId: bi.id, reason: 'biological indicator negative' });
        }
        this.lateNotices(load, bi, 'passed');
      }
      return;
    }
    this.openRecall(bi);
  }

  lateNotices(load, bi, result) {
    const byDept = new Map();
    for (const p of load.packs) if (p.emergency && p.deptId) (byDept.get(p.deptId) ?? byDept.set(p.deptId, []).get(p.deptId)).push(p);
    for (const [deptId, packs] of byDept) {
      packs.sort((x, y) => (x.barcode < y.barcode ? -1 : 1));
      this.w.small.department_notices.push([
        this.rng.uuid(), deptId, result === 'passed' ? 'late_bi_passed' : 'late_bi_failed', null, JSON.stringify(packs.map((p) => ({ id: p.id, barcode: p.barcode }))),
        result === 'passed' ? `紧急放行的植入物：生物监测结果阴性（合格），锅次 ${load.cycleNo}` : `紧急放行的植入物：生物监测结果阳性（不合格），锅次 ${load.cycleNo}，请立即随访患者`,
        result === 'passed' ? `Emergency-released implants: the BI of load ${load.cycleNo} is negative (passed)` : `Emergency-released implants: the BI of load ${load.cycleNo} is POSITIVE (failed); follow up the patients now`,
        this.iso(bi.readAt),
      ]);
    }
  }

  /** RecallService.open for a positive BI: since the last passing BI on that sterilizer. */
  openRecall(bi) {
    const { rng } = this;
    const R = bi.readAt;
    const load = bi.load;
    const s = load.s;
    const reader = bi.readBy;
    const anchor = this.anchorOf(s, load.cycleNo, R);
    const reason = `生物监测阳性 Positive BI: ${s.code} cycle ${load.cycleNo}, lot ${bi.lot}`;
    const recall = {
      id: rng.uuid(), trigger: 'bi_failed', reason,
      scope: { scopes: [{ kind: 'since_last_passing_bi', sterilizerId: s.id, failedCycleNo: load.cycleNo, implantsOnly: false }], sterilizerCode: s.code, failedCycleNo: load.cycleNo, biTestId: bi.id, policy: 'since_last_passing_bi' },
      openedBy: reader, openedAt: R, closedBy: null, closedAt: null, closeNote: null, items: [],
    };
    this.recalls.push(recall);
    const packs = [];
    for (const l of s.recent) if (l.cycleNo > anchor && l.startedAt <= R) for (const p of l.packs) packs.push([p, l]);
    packs.sort((x, y) => (x[0].id < y[0].id ? -1 : 1));
    const RECALLABLE = this.deps.PACK_ACTIONS.recall.from;
    for (const [p, l] of packs) {
      const state = p.state;
      const recallable = RECALLABLE.includes(state);
      const item = {
        recall, p, load: l, stateAtRecall: state, deptId: p.deptId, disposition: recallable ? 'not_found' : state === 'used' ? 'used' : 'out_of_circulation',
        patientId: state === 'used' ? p.useData?.patientId ?? null : null, operationId: state === 'used' ? p.useData?.operationId ?? null : null, accountedAt: null, accountedBy: null,
      };
      recall.items.push(item);
      this.recallItems.push(item);
      if (recallable) {
        this.applyStep(R, p, 'recall', reader, { recallId: recall.id, trigger: 'bi_failed', reason });
        this.stats.recalledPacks++;
      }
    }
    // The positive BI's load fails (MonitoringService.readBi).
    // Notices to the departments holding packs in hand or used on patients.
    const byDept = new Map();
    for (const it of recall.items) if (it.deptId && (it.disposition === 'not_found' || it.disposition === 'used')) (byDept.get(it.deptId) ?? byDept.set(it.deptId, []).get(it.deptId)).push(it);
    for (const [deptId, its] of byDept) {
      const list = its.map((it) => ({ id: it.p.id, barcode: it.p.barcode })).sort((a, b) => (a.barcode < b.barcode ? -1 : 1));
      const used = its.filter((it) => it.disposition === 'used').length;
      this.w.small.department_notices.push([
        rng.uuid(), deptId, 'recall', recall.id, JSON.stringify(list),
        `召回通知：${list.length} 个无菌包须立即停止使用并退回消毒供应中心${used ? `（其中 ${used} 个已使用，需随访患者）` : ''}。原因：${reason}`.slice(0, 300),
        `Recall: stop using ${list.length} pack(s) and return them to the CSSD at once${used ? ` (${used} already used: patient follow-up)` : ''}. Reason: ${reason}`.slice(0, 300),
        this.iso(R),
      ]);
    }
    // Each pack still in circulation is scanned back: pulled from storage or returned by its department.
    let lastAccount = R;
    for (const it of recall.items) {
      if (it.disposition !== 'not_found') continue;
      const p = it.p;
      const inside = INSIDE_CSSD.has(it.stateAtRecall);
      let ta;
      if (inside) ta = R + rng.int(30, 240) * MIN;
      else if (p.set && p.returnAt > R) ta = R + Math.floor((p.returnAt - R) * (0.3 + 0.6 * rng.next()));
      else ta = R + rng.int(2, 30) * HOUR;
      lastAccount = Math.max(lastAccount, ta);
      const nurse = this.nurse('store');
      const disposition = inside ? 'pulled' : 'returned';
      this.fn(ta, () => {
        it.disposition = disposition;
        it.accountedAt = ta;
        it.accountedBy = nurse;
        this.applyRecord(ta, p, `recall_${disposition}`, nurse, { recallId: recall.id });
      });
      // A pulled set goes back through decontamination as a new cycle.
      if (p.set && (inside || !(p.returnAt > R))) {
        const day = Math.max(this.dayOf(ta), this.dayOf(R)) + 1;
        if (day < this.o.days) {
          this.arrivals[day].push({ type: 'set', set: p.set, at: this.at(day, 8, 0) + rng.int(0, 120) * MIN, prev: p, unused: false, fromDept: p.set.home, nurse: this.nurse('decon'), seq: ++this.seq });
          p.returnAt = this.at(day, 8, 0);
        }
      }
    }
    const head = rng.pick(this.heads);
    const closeAt = lastAccount + rng.int(2, 20) * HOUR;
    this.fn(closeAt, () => {
      if (recall.items.some((it) => it.disposition === 'not_found')) return;
      recall.closedBy = head;
      recall.closedAt = closeAt;
      recall.closeNote = '全部追回或已登记使用，患者已随访 All packs accounted for; patients followed up';
    });
  }

  toStore(p, after) {
    const { rng } = this;
    const at = this.workTime(after + rng.int(15, 90) * MIN, 7 * 60, 23 * 60 + 30);
    if (p.recallAt <= at) return;
    const nurse = this.nurse('store');
    if (rng.chance(0.0005)) {
      this.step(at, p, 'storage_rejected', nurse, { wet: true, damaged: false }, { wet: true });
      this.reprocess(p, at);
      return;
    }
    const t = p.tpl;
    const location = `${String.fromCharCode(65 + ((t.rack - 1) % 6))}${String(Math.ceil(t.rack / 6)).padStart(2, '0')}-${rng.int(1, 5)}`;
    this.step(at, p, 'store', nurse, { location }, { location });
    const day = this.dayOf(at);
    if (day < this.o.days) this.storeArrivals[day].push({ p, at, seq: ++this.seq });
  }

  /** A failed or rejected pack: its set comes back to decontamination the next morning. */
  reprocess(p, at) {
    if (p.tpl.dressing) p.tpl.pipeline = Math.max(0, p.tpl.pipeline - 1);
    if (!p.set) return;
    const day = this.dayOf(at) + 1;
    if (day >= this.o.days) return;
    const t = this.at(day, 7, 30) + this.rng.int(0, 90) * MIN;
    this.arrivals[day].push({ type: 'set', set: p.set, at: t, prev: p, unused: false, fromDept: p.set.home, nurse: this.nurse('decon'), seq: ++this.seq });
    p.returnAt = t;
  }

  // ---------------------------------------------------------------- dispatch and departments
  dispatchSim(d) {
    const { rng } = this;
    const today = this.dates[d];
    const wf = WEEKDAY[this.weekday(d)];
    const demands = [];
    for (const t of this.templates) {
      if (t.lambda === 0) continue;
      const n = rng.poisson(t.lambda * wf);
      for (let i = 0; i < n; i++) {
        const morning = rng.chance(0.6);
        const at = morning ? this.at(d, 7, 30) + rng.int(0, 180) * MIN : this.at(d, 10, 30) + rng.int(0, 510) * MIN;
        demands.push({ t, at, seq: ++this.seq });
      }
    }
    demands.sort((x, y) => x.at - y.at || x.seq - y.seq);
    const stored = this.storeArrivals[d].sort((x, y) => x.at - y.at || x.seq - y.seq);
    this.storeArrivals[d] = null;
    let si = 0;
    for (const dm of demands) {
      while (si < stored.length && stored[si].at <= dm.at) {
        const { p } = stored[si++];
        if (p.tpl.dressing) p.tpl.pipeline = Math.max(0, p.tpl.pipeline - 1);
        p.tpl.storage.push(p);
      }
      const t = dm.t;
      const dept = t.deptList[rng.weighted(t.deptCum)];
      // Packs sterilized before go-live are older: first-expiry-first-out sends them first, and
      // each such set enters the system when it comes back to decontamination.
      if (t.untracked.length > 0) {
        const set = t.untracked.pop();
        this.stats.firstCyclesFromUntrackedStock++;
        this.departmentReturn(set, null, dm.at, dm.at + rng.range(1, 24) * HOUR, dept, false, d);
        continue;
      }
      const p = this.takeFromStorage(t, dm.at, today);
      if (p) this.dispatch(p, dm.at, dept, d);
      else this.stats.unmetDemand++;
    }
    for (; si < stored.length; si++) {
      const { p } = stored[si];
      if (p.tpl.dressing) p.tpl.pipeline = Math.max(0, p.tpl.pipeline - 1);
      p.tpl.storage.push(p);
    }
  }

  takeFromStorage(t, at, today) {
    const h = t.storage;
    const expired = [];
    let found = null;
    while (h.size > 0) {
      const p = h.pop();
      if (p.recallAt <= at) continue;
      if (p.exp < today) {
        expired.push(p);
        continue;
      }
      found = p;
      break;
    }
    for (const p of expired) h.push(p);
    return found;
  }

  dispatch(p, at, dept, d) {
    const { rng } = this;
    this.stats.dispatches++;
    const nurse = this.nurse('store');
    this.step(at, p, 'dispatch', nurse, { departmentId: dept.id, departmentCode: dept.code, departmentNameZh: dept.zh, departmentNameEn: dept.en }, { deptId: dept.id });
    const user = dept.user;
    const surgical = SURGICAL.has(p.tpl.base) || (p.tpl.dressing && dept.code === 'OR');
    let tUse = at + (surgical ? rng.range(0.5, 12) : rng.range(1, 60)) * HOUR;
    let tRecv = rng.chance(0.85) ? at + rng.int(10, 120) * MIN : 0;
    if (tRecv && tRecv >= tUse) tRecv = at + Math.floor((tUse - at) / 2);
    if (tRecv) this.step(tRecv, p, 'receive', user, {});
    const use = () => ({ patientId: `ZY${rng.int(1000000, 9999999)}`, operationId: surgical ? `SS${this.localDate(tUse).replace(/-/g, '')}${String(rng.int(1, 9999)).padStart(4, '0')}` : null });
    if (!p.set) {
      if (rng.chance(0.9)) this.step(tUse, p, 'use', user, use());
      else {
        const tr = this.workTime(tUse + rng.range(1, 12) * HOUR, 7 * 60, 20 * 60);
        const day = this.dayOf(tr);
        if (day < this.o.days) this.fn(tr, () => this.applyLabel({ p, at: tr, unused: false, prion: rng.chance(0.002), nurse: this.nurse('decon') }));
      }
      return;
    }
    const r = rng.next();
    let unused = false;
    if (r < 0.035) {
      unused = true;
      tUse = at + rng.range(6, 72) * HOUR;
    } else if (r < 0.0365) {
      const kind = rng.pick(['wet', 'damaged', 'instrument_missing', 'other']);
      const l = p.load;
      this.step(tUse, p, 'report_problem', user, { kind, note: null, loadId: l.id, sterilizerId: l.s.id, cycleNo: l.cycleNo }, kind === 'wet' ? { wet: true } : kind === 'damaged' ? { damaged: true } : null);
    } else if (r < 0.76) this.step(tUse, p, 'use', user, use());
    this.departmentReturn(p.set, p, at, tUse + rng.range(0.5, 8) * HOUR, dept, unused, d);
  }

  /** The set comes back to decontamination (at the earliest the next morning). */
  departmentReturn(set, prev, at, when, dept, unused, d) {
    const { rng } = this;
    let tr = Math.max(when, this.at(d + 1, 7, 0) + rng.int(0, 240) * MIN);
    tr = this.workTime(tr, 7 * 60, 20 * 60, 120);
    const day = this.dayOf(tr);
    if (prev) prev.returnAt = tr;
    if (day >= this.o.days) return;
    this.arrivals[day].push({ type: 'set', set, at: tr, prev, unused, fromDept: dept, nurse: this.nurse('decon'), seq: ++this.seq });
  }

  // ---------------------------------------------------------------- the end
  finish() {
    for (const c of this.pendingCycles.values()) if (c.openedAt <= this.cutoff) this.writeCycle(c);
    for (const l of [...this.pendingLoads.values()]) if (l.openedAt <= this.cutoff) this.writeLoad(l);
    for (const b of [...this.pendingBis.values()]) if (b.placedAt <= this.cutoff) this.writeBi(b);
    for (const p of [...this.live.values()]) this.writePack(p);
    for (const r of this.recalls) {
      this.w.small.recalls.push([r.id, r.trigger, r.reason, JSON.stringify(r.scope), r.closedAt ? 'closed' : 'open', r.openedBy.id, this.iso(r.openedAt), r.closedBy?.id ?? null, r.closedAt ? this.iso(r.closedAt) : null, r.closeNote]);
    }
    for (const it of this.recallItems) {
      this.w.small.recall_items.push([it.recall.id, it.p.id, it.load.id, it.stateAtRecall, it.deptId, it.disposition, it.patientId, it.operationId, it.accountedAt ? this.iso(it.accountedAt) : null, it.accountedBy?.id ?? null]);
    }
  }

  /** Catalog, sets and people, written once the history is known (sets carry their cycle count). */
  catalogRows(passwordHash, pinHash) {
    const at = this.iso(this.catalogAt);
    const sm = this.w.small;
    for (const x of this.departments) sm.departments.push([x.id, x.code, x.zh, x.en, true, at, at]);
    for (const t of this.templates) {
      sm.set_templates.push([t.id, t.code, t.zh, t.en, t.material, '{}', t.method, t.implant, t.critical, t.dressing, t.weightKg, null, JSON.stringify(t.contents), true, at, at]);
      for (const s of t.sets) sm.instrument_sets.push([s.id, s.assetCode, t.id, s.home.id, s.cycleCount, true, at, this.iso(s.updatedAt)]);
    }
    for (const s of this.sterilizers) {
      sm.sterilizers.push([s.id, s.code, s.zh, s.en, s.type, s.inspectionUntil, 'in_service', true, at, at, null]);
      for (const p of s.programs) sm.sterilizer_programs.push([p.id, s.id, p.code, p.zh, p.en, p.tempMinC, p.tempMaxC, p.minHoldMin, p.pressureMinKpa, p.pressureMaxKpa, p.h2o2MinMgL, true, at, at]);
    }
    for (const w of this.washers) {
      sm.washers.push([w.id, w.code, w.zh, w.en, true, at, at]);
      for (const p of w.programs) sm.washer_programs.push([p.id, w.id, p.code, p.zh, p.en, p.disinfectTempMinC, p.disinfectMinMin, p.a0Min, true, at, at]);
    }
    const certUntil = this.addDays(this.o.today, 365);
    const admin = this.users[0];
    for (const u of this.users) {
      sm.users.push([u.id, u.username, u.displayName, passwordHash, u.role, u.dept ? u.dept.id : null, u.badge, u.badge ? pinHash : null, true, at, at]);
      if (u.role !== 'nurse') continue;
      // 持证上岗 (seed 6.2): nurses run sterilizers and washers, each on its own certificate.
      sm.user_certifications.push([this.rng.uuid(), u.id, 'sterilizer_operator', `CERT-${u.username.toUpperCase()}`, certUntil, admin.id, at]);
      sm.user_certifications.push([this.rng.uuid(), u.id, 'washer_operator', `WCERT-${u.username.toUpperCase()}`, certUntil, admin.id, at]);
    }
  }
}
