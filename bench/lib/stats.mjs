// Latency summaries and number formatting for the results table.

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** { n, p50, p95, p99, max, mean } in ms of a list of latencies. */
export function summary(latencies) {
  const s = Float64Array.from(latencies).sort();
  const n = s.length;
  if (n === 0) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[n - 1]),
    mean: round(sum / n),
  };
}

export function round(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** 12345.6 → "12,346"; small numbers keep a decimal. */
export function fmtNum(v, digits) {
  if (v === null || v === undefined) return '—';
  const d = digits ?? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function fmtInt(v) {
  return fmtNum(v === null || v === undefined ? v : Math.round(v), 0);
}

export function fmtMs(v) {
  if (v === null || v === undefined) return '—';
  return `${fmtNum(v, v >= 100 ? 0 : 1)} ms`;
}

export function fmtLat(s, high = 'p99') {
  if (!s || s.n === 0) return '—';
  return `${fmtMs(s.p50)} / ${fmtMs(s[high])}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Shuffles in place with a seeded generator (mulberry32), so runs pick comparable samples. */
export function shuffle(arr, seed = 42) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}
