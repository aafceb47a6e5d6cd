#!/usr/bin/env node
// The build `npm start`, `npm test` and `npm run bench` run before they start (issue 14: a
// second start rebuilt everything, 18 s, for a service that starts in under a second).
//
//   node scripts/build.mjs          the service (incremental tsc) and the pages (when their inputs changed)
//   node scripts/build.mjs --web    the pages only
//   node scripts/build.mjs --force  everything, whatever changed
//
// The service is compiled by `tsc --incremental` (its build info lives inside dist/, so deleting
// dist/ rebuilds everything). The pages are rebuilt only when a file under web/, the OpenAPI
// document they are typed from, or the lock file changed since the last page build: a hash of
// those inputs is kept beside the output (dist/.web-inputs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const MIN_NODE = 20;
const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const webOnly = args.has('--web');

const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE) {
  console.error(
    `cssd-trace needs Node.js ${MIN_NODE} or later (tested on 20 and 22); this is ${process.version}. Install a newer Node.js and run the command again.`,
  );
  process.exit(1);
}

const bin = (name) => join(REPO, 'node_modules', '.bin', name);
function run(label, cmd, cmdArgs) {
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') yield* files(p);
    } else yield p;
  }
}

/** A hash of everything the pages are built from (the generated client types excluded: they follow from the OpenAPI file). */
function webInputsHash() {
  const h = createHash('sha256');
  const inputs = [...files(join(REPO, 'web'))].filter((p) => !p.endsWith(join('api', 'schema.d.ts'))).sort();
  inputs.push(join(REPO, 'docs', 'openapi.json'), join(REPO, 'package-lock.json'));
  for (const p of inputs) h.update(relative(REPO, p)).update('\0').update(readFileSync(p)).update('\0');
  return h.digest('hex');
}

if (!webOnly) {
  run('service (tsc --incremental)', bin('tsc'), ['-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo']);
  mkdirSync(join(REPO, 'dist', 'src', 'seed'), { recursive: true });
  copyFileSync(join(REPO, 'src', 'seed', 'demo-hospital.json'), join(REPO, 'dist', 'src', 'seed', 'demo-hospital.json'));
}

const stamp = join(REPO, 'dist', '.web-inputs');
const hash = webInputsHash();
const built = existsSync(join(REPO, 'dist', 'web', 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
if (built && !force) {
  console.log('build: pages unchanged since the last build (dist/web kept)');
} else {
  run('client types from docs/openapi.json', bin('openapi-typescript'), ['docs/openapi.json', '-o', 'web/src/api/schema.d.ts']);
  run('pages type-check', bin('tsc'), ['-p', 'web/tsconfig.json']);
  run('pages (vite build)', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  writeFileSync(stamp, hash);
}
