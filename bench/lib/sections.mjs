// Sections 2–4: provenance look-ups, dispatch with the FIFO check, recall scope and creation.
// Samples (barcodes, sterilizers) are picked with SQL straight from the bench database; every
// measured call goes through the HTTP API like a station or the head nurse would make it.
import { packBarcode } from '../../dist/src/kernel/barcode.js';
import { recallScopeQuery } from '../../dist/src/recall/recall-scope.js';
import { shuffle, summary } from './stats.mjs';

const isOk = (s) => s >= 200 && s < 300;

/** Runs `worker(i)` on `concurrency` loops for `ms`; samples only inside the window. */
async function timedLoops(concurrency, ms, next) {
  const lat = [];
  const errors = {};
  let stop = false;
  let served = 0;
  const start = performance.now();
  const end = start + ms;
  const loop = async () => {
    while (!stop) {
      const call = next(served++);
      if (!call) return;
      const res = await call;
      if (res.t0 + res.ms <= end) {
        lat.push(res.ms);
        if (!isOk(res.status)) {
          const k = `${res.status} ${res.body?.code ?? res.error ?? ''}`.trim();
          errors[k] = (errors[k] ?? 0) + 1;
        }
      }
      if (performance.now() >= end) stop = true;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (Math.min(performance.now(), end) - start) / 1000;
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    concurrency,
    seconds,
    requests: lat.length,
    perSecond: lat.length / seconds,
    latency: summary(lat),
    errors: errorCount,
    errorsByCode: errors,
  };
}

// ---- 2. provenance ----

/**
 * Random existing barcodes from the first and the last 10 % of the history. Barcodes are issued
 * in packing order (P + serial + check digit), so the serial range stands for time.
 */
export async function sampleHistoryBarcodes(db, perBucket, seed = 7) {
  const { rows } = await db.query(
    `SELECT min(barcode) AS lo, max(barcode) AS hi, count(barcode)::bigint AS n FROM packs WHERE barcode IS NOT NULL`,
  );
  const { lo, hi, n } = rows[0];
  if (!lo) return { total: 0, old: [], new: [] };
  const loSerial = Number(lo.slice(1, 11));
  const hiSerial = Number(hi.slice(1, 11));
  const span = Math.max(1, Math.floor((hiSerial - loSerial + 1) / 10));
  let state = seed;
  const rnd = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = async (from, to) => {
    const want = new Set();
    for (let i = 0; i < perBucket * 3 && want.size < Math.min(perBucket * 3, to - from + 1); i++)
      want.add(packBarcode(from + Math.floor(rnd() * (to - from + 1))));
    const { rows: found } = await db.query(`SELECT barcode FROM packs WHERE barcode = ANY($1::text[])`, [[...want]]);
    return shuffle(
      found.map((r) => r.barcode),
      seed,
    ).slice(0, perBucket);
  };
  return {
    total: Number(n),
    firstSerial: loSerial,
    lastSerial: hiSerial,
    old: await pick(loSerial, loSerial + span - 1),
    new: await pick(hiSerial - span + 1, hiSerial),
  };
}

export async function provenance(client, token, samples, { msEach }) {
  const out = {};
  for (const bucket of ['old', 'new']) {
    const list = samples[bucket];
    if (list.length === 0) continue;
    for (const concurrency of [1, 16]) {
      out[`${bucket}_c${concurrency}`] = await timedLoops(concurrency, msEach, (i) =>
        client.get(`/api/trace/packs/${list[i % list.length]}`, { token }),
      );
    }
  }
  return out;
}

// ---- 4. dispatch ----

export async function storageCounts(db, today) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS stored,
            count(*) FILTER (WHERE p.expiry_date > $1::date AND l.release = 'released' AND NOT p.wet AND NOT p.damaged AND p.outside_indicator_passed IS NOT FALSE)::int AS dispatchable
       FROM packs p LEFT JOIN sterilizer_loads l ON l.id = p.load_id
      WHERE p.state = 'stored'`,
    [today],
  );
  return rows[0];
}

export async function sampleDispatchable(db, today, n) {
  const { rows } = await db.query(
    `SELECT p.barcode FROM packs p JOIN sterilizer_loads l ON l.id = p.load_id
      WHERE p.state = 'stored' AND p.expiry_date > $1::date AND l.release = 'released'
        AND NOT p.wet AND NOT p.damaged AND p.outside_indicator_passed IS NOT FALSE
      ORDER BY random() LIMIT $2`,
    [today, n],
  );
  return rows.map((r) => r.barcode);
}

/** POST /api/dispatch/scan, one station, each request a different stored pack. */
export async function dispatch(client, token, barcodes, departmentIds, { ms }) {
  let fifo = 0;
  const r = await timedLoops(1, ms, (i) => {
    if (i >= barcodes.length) return null;
    return client
      .post(
        '/api/dispatch/scan',
        { code: barcodes[i], departmentId: departmentIds[i % departmentIds.length] },
        { token, station: 'BENCH-DISPATCH' },
      )
      .then((res) => {
        if (isOk(res.status) && res.body?.warnings?.some((w) => w.code === 'FIFO_EARLIER_PACK')) fifo++;
        return res;
      });
  });
  return { ...r, fifoWarnings: fifo, sampleExhausted: r.requests >= barcodes.length };
}

// ---- 3. recall ----

/** The sterilizers with the most history (loads that ran), most first. */
export async function sterilizersByHistory(db) {
  const { rows } = await db.query(
    `SELECT s.id, s.code, s.type, count(l.id)::int AS loads, min(l.started_at) AS first_started, max(l.started_at) AS last_started
       FROM sterilizers s JOIN sterilizer_loads l ON l.sterilizer_id = s.id AND l.started_at IS NOT NULL
      GROUP BY s.id ORDER BY count(l.id) DESC`,
  );
  return rows;
}

/** The service's scope SQL: recallScopeQuery(db, scope) (async, looks the BI anchor up first) or the older recallScopeQuery(scope). */
async function scopeQuery(db, scope) {
  if (recallScopeQuery.length >= 2) return recallScopeQuery({ query: async (sql, params) => (await db.query(sql, params)).rows }, scope);
  return recallScopeQuery(scope);
}

async function timedCount(db, scope, runs = 3) {
  const times = [];
  let n = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const q = await scopeQuery(db, scope);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM (${q.sql}) s`, q.params);
    times.push(performance.now() - t0);
    n = rows[0].n;
  }
  times.sort((a, b) => a - b);
  return { packs: n, medianMs: times[Math.floor(times.length / 2)], firstMs: times[0] === undefined ? null : times[0], runs };
}

export async function recall(client, headToken, db, { log }) {
  const ranked = await sterilizersByHistory(db);
  if (ranked.length === 0) return { skipped: 'no sterilizer load has run: nothing to recall' };
  const a = ranked[0];
  const b = ranked[1] ?? ranked[0];
  const now = new Date();
  const out = { sterilizer: { code: a.code, loads: a.loads, since: a.first_started }, rangeSterilizer: { code: b.code, loads: b.loads } };

  // The scope queries alone (read-only), as the service builds them (src/recall/recall-scope.ts).
  out.scopeSinceLastBi = await timedCount(db, { kind: 'since_last_passing_bi', sterilizerId: a.id });
  out.scopeWholeHistory = await timedCount(db, {
    kind: 'time_range',
    sterilizerId: a.id,
    from: new Date(a.first_started),
    to: new Date(now.getTime() + 1000),
  });

  const post = async (body) => {
    const res = await client.post('/api/recalls', body, { token: headToken, station: 'BENCH-HEAD' });
    return {
      status: res.status,
      ms: res.ms,
      bytes: res.bytes,
      packs: isOk(res.status) ? res.body.total : 0,
      counts: isOk(res.status) ? res.body.counts : null,
      code: isOk(res.status) ? null : (res.body?.code ?? res.error ?? null),
      emptyScope: res.body?.code === 'RECALL_SCOPE_EMPTY',
    };
  };
  log(`  recall: infection cluster on ${a.code} (${a.loads} loads since ${new Date(a.first_started).toISOString().slice(0, 10)})`);
  out.infectionCluster = await post({
    trigger: 'infection_cluster',
    reason: 'BENCHMARK 基准测试: infection cluster drill, not a real recall',
    sterilizerIds: [a.id],
  });
  // A week ending a month before the sterilizer's last load (or the first half of a shorter
  // history): its packs are mostly used (the recall lists their patients for follow-up), and
  // few are still in storage — repeated runs do not empty the store.
  const last = new Date(b.last_started).getTime();
  const half = (last - new Date(b.first_started).getTime()) / 2;
  const to = new Date(last - Math.min(30 * 86_400_000, half) + 1000);
  const from = new Date(to.getTime() - Math.min(7 * 86_400_000, half) - 1000);
  out.rangeFrom = from.toISOString();
  out.rangeTo = to.toISOString();
  log(`  recall: manual, ${b.code}, ${out.rangeFrom.slice(0, 10)} – ${out.rangeTo.slice(0, 10)}`);
  out.manualRange = await post({
    trigger: 'manual',
    reason: 'BENCHMARK 基准测试: manual recall by time range, not a real recall',
    sterilizerIds: [b.id],
    from: from.toISOString(),
    to: to.toISOString(),
  });
  return out;
}

/**
 * Section 6: GET /api/reports/workload for one month, `runs` times in a row (the first one
 * reads the month's events from disk if they are not cached): first and median time, and the
 * size of what was counted (the service's own totals).
 */
export async function workloadReport(client, token, month, runs = 3) {
  const times = [];
  let body = null;
  for (let i = 0; i < runs; i++) {
    const res = await client.get(`/api/reports/workload?month=${month}`, { token });
    if (!isOk(res.status)) return { month, status: res.status, code: res.body?.code ?? res.error ?? null };
    times.push(res.ms);
    body = res.body;
  }
  const sorted = [...times].sort((x, y) => x - y);
  return {
    month,
    status: 200,
    firstMs: times[0],
    medianMs: sorted[Math.floor(sorted.length / 2)],
    steps: body.total,
    people: body.people.length,
    bytes: JSON.stringify(body).length,
  };
}

/**
 * The history search (issue 15, GET /api/audit/events), sequential: each sampled pack's history
 * over three years, the last 30 days' dispatches (first page), and today's first page unfiltered.
 * Latencies of all of them together.
 */
export async function auditSearch(client, token, { today, threeYearsAgo, monthAgo, barcodes }) {
  const queries = [
    ...barcodes.map((b) => `from=${threeYearsAgo}&to=${today}&barcode=${b}`),
    ...Array.from({ length: 10 }, () => `from=${monthAgo}&to=${today}&type=dispatch`),
    ...Array.from({ length: 10 }, () => `from=${today}&to=${today}`),
  ];
  const ms = [];
  let rows = 0;
  for (const q of queries) {
    const res = await client.get(`/api/audit/events?${q}`, { token });
    if (!isOk(res.status)) return { status: res.status, code: res.body?.code ?? res.error ?? null, query: q };
    ms.push(res.ms);
    rows += res.body.items.length;
  }
  return { status: 200, ...summary(ms), rows };
}

/**
 * Section 6, every report of issue 15 (read-only): what the reports of one period read from the
 * data set — its last full month `month` (days from..to), the year to it, a department, a recall
 * that one report holds, a used pack and its load, a sterilizer — picked from the database.
 */
export async function reportSubjects(db, { month, maxRecallPacks = 15_000 }) {
  const one = async (sql, params = []) => (await db.query(sql, params)).rows[0] ?? null;
  const department = await one(
    `SELECT d.id, d.code FROM departments d JOIN users u ON u.department_id = d.id AND u.role = 'department' ORDER BY d.code LIMIT 1`,
  );
  // The recall with the most packs that one report still holds (the generated recalls are a load's or a few).
  const recall = await one(
    `SELECT r.id, count(ri.pack_id)::int AS packs FROM recalls r JOIN recall_items ri ON ri.recall_id = r.id
      GROUP BY r.id HAVING count(ri.pack_id) <= $1 ORDER BY count(ri.pack_id) DESC, r.id LIMIT 1`,
    [maxRecallPacks],
  );
  const used = await one(
    `SELECT barcode, load_id FROM packs WHERE state = 'used' AND load_id IS NOT NULL AND updated_at < $1::date ORDER BY updated_at DESC LIMIT 1`,
    [`${month}-28`],
  );
  const sterilizer = await one(`SELECT id, code FROM sterilizers ORDER BY code LIMIT 1`);
  return { department, recall, used, sterilizer };
}

/**
 * Each report of issue 15 as JSON and as its XLSX / PDF, `runs` times in a row each: first and
 * median time (of the runs made: one when the first is over 15 s), and the answer's size.
 * `cases`: [{ what, path, format }] (path under /api).
 */
export async function reportTimes(client, token, cases, runs = 3) {
  const out = [];
  for (const c of cases) {
    const times = [];
    let last = null;
    for (let i = 0; i < runs; i++) {
      last = await client.get(`/api${c.path}`, { token, raw: !/json/.test(c.format ?? 'json'), timeoutMs: 60_000 });
      if (!isOk(last.status)) break;
      times.push(last.ms);
      if (last.ms > 15_000) break; // far over the target: once is enough to say so
    }
    if (!isOk(last.status)) {
      out.push({ ...c, status: last.status, code: last.body?.code ?? last.error ?? String(last.body).slice(0, 120) });
      continue;
    }
    const sorted = [...times].sort((x, y) => x - y);
    out.push({ ...c, status: 200, firstMs: times[0], medianMs: sorted[Math.floor(sorted.length / 2)], kB: Math.round(last.bytes / 1024) });
  }
  return out;
}
