#!/usr/bin/env node
// The house drawn from the imports (issue 14): which top-level folder of src/ imports which,
// the folders that import each other in a circle, and the floors the rest stand on.
//
//   node scripts/architecture.mjs            the table, the circles and the floors
//   node scripts/architecture.mjs --mermaid  the same graph as a mermaid diagram (docs/architecture.md)
//
// Type-only imports count: a reader follows them as much as the others. Spec files do not.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** folder → the folders its files import (its own excluded); root files (main.ts, app.module.ts …) count as their own folder. */
export function folderGraph(src = SRC) {
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) files.push(p);
    }
  };
  walk(src);
  const folderOf = (p) =>
    relative(src, p)
      .split('/')[0]
      .replace(/\.(ts|js)$/, '');
  const graph = new Map();
  for (const f of files) {
    const from = folderOf(f);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(f), m[1]);
      if (!target.startsWith(src)) continue;
      const to = folderOf(target);
      if (to !== from) graph.get(from).add(to);
    }
  }
  return graph;
}

/** Strongly connected components (Tarjan): the circles are those with more than one folder. */
export function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        c.push(w);
      } while (w !== v);
      out.push(c.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out.filter((c) => c.length > 1);
}

/** Floor of each folder: 0 imports nothing of src/; otherwise one above the highest folder it imports (a circle shares one floor). */
export function floors(graph) {
  const circleOf = new Map();
  for (const c of circles(graph)) for (const v of c) circleOf.set(v, c);
  const floor = new Map();
  const busy = new Set();
  const of = (v) => {
    if (floor.has(v)) return floor.get(v);
    const members = circleOf.get(v) ?? [v];
    for (const m of members) busy.add(m);
    let f = 0;
    for (const m of members) for (const w of graph.get(m) ?? []) if (!members.includes(w) && !busy.has(w)) f = Math.max(f, of(w) + 1);
    for (const m of members) {
      floor.set(m, f);
      busy.delete(m);
    }
    return f;
  };
  for (const v of graph.keys()) of(v);
  return floor;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = folderGraph();
  const floor = floors(graph);
  const circ = circles(graph);
  if (process.argv.includes('--mermaid')) {
    console.log('flowchart BT');
    for (const [a, bs] of [...graph].sort()) for (const b of [...bs].sort()) console.log(`  ${a} --> ${b}`);
  } else {
    const byFloor = new Map();
    for (const [v, f] of floor) byFloor.set(f, [...(byFloor.get(f) ?? []), v].sort());
    console.log(
      `${graph.size} folders, ${[...byFloor.keys()].length} floors, ${circ.length} circle(s)${circ.length ? ': ' + circ.map((c) => c.join(' ↔ ')).join('; ') : ''}`,
    );
    for (const f of [...byFloor.keys()].sort((a, b) => b - a)) console.log(`floor ${String(f).padStart(2)}: ${byFloor.get(f).join(', ')}`);
    console.log('');
    for (const [a, bs] of [...graph].sort()) console.log(`${a.padEnd(14)} → ${[...bs].sort().join(', ')}`);
  }
}
