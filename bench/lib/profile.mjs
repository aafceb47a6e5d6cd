// Reads a V8 .cpuprofile (node --cpu-prof) and ranks self time by function and by package,
// counting only the samples taken inside a window of the monotonic clock (process.hrtime).
import { readFileSync } from 'node:fs';

function where(url) {
  if (!url) return '(native / V8)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = u.indexOf('/dist/');
  if (dist >= 0) return u.slice(dist + 1);
  if (u.startsWith('node:')) return 'node (core)';
  return u;
}

function shortUrl(url) {
  if (!url) return '';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + '/node_modules/'.length);
  const dist = u.indexOf('/dist/');
  return dist >= 0 ? u.slice(dist + 1) : u;
}

/**
 * @param {string} file the .cpuprofile
 * @param {{ fromUs?: number, toUs?: number }} window monotonic µs (process.hrtime.bigint() / 1000)
 */
export function analyzeProfile(file, { fromUs = -Infinity, toUs = Infinity } = {}, top = 20) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  let t = p.startTime;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (t < fromUs || t > toUs) continue;
    // A sample's time is the gap to the next one (V8 attributes it to the node sampled).
    const next = p.timeDeltas[i + 1] ?? dt;
    selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + next);
    total += next;
  }
  // Inclusive time of the project's own functions (dist/src): a sample counts once for each
  // distinct project function on its stack.
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      if (!cf.url.includes('/dist/src/')) continue;
      const key = `${cf.functionName || '(anonymous)'}\u0000${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + us);
    }
  }
  const fn = new Map();
  const pkg = new Map();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const cf = n.callFrame;
    if (cf.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const key = `${cf.functionName || '(anonymous)'}\u0000${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const w = ['(garbage collector)', '(program)'].includes(cf.functionName) ? cf.functionName : where(cf.url);
    pkg.set(w, (pkg.get(w) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({ key: k, ms: Math.round(us / 1000), pctOfBusy: Math.round((us / busy) * 1000) / 10 }));
  return {
    windowMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    idlePct: total ? Math.round((idle / total) * 1000) / 10 : null,
    functions: rank(fn).map((r) => {
      const [name, loc] = r.key.split('\u0000');
      return { function: name, location: loc, selfMs: r.ms, selfPct: r.pctOfBusy };
    }),
    packages: rank(pkg).map((r) => ({ package: r.key, selfMs: r.ms, selfPct: r.pctOfBusy })),
    projectInclusive: rank(incl).map((r) => {
      const [name, loc] = r.key.split('\u0000');
      return { function: name, location: loc, inclusiveMs: r.ms, inclusivePct: r.pctOfBusy };
    }),
  };
}
