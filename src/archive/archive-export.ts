import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveRepository } from './archive.repository.js';
import { digestDropKeys, fileOf, type ArchivedTable, type LedgerCover } from './archive-tables.js';
import type { ArchiveKind } from './retention.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'cssd-trace archive 1';

/** Rows per page written, and JSON lines per digest check. */
const EXPORT_PAGE = 5000;
const CHECK_PAGE = 2000;

export interface ManifestFile {
  /** The table (`packs.washer_cycle_id`: the packs' pointers cleared). */
  table: string;
  file: string;
  rows: number;
  sha256: string;
  action: 'removed' | 'detached';
  /** How the tamper-evident record held these rows. */
  ledger: LedgerCover;
  /** Each line's digest as the record holds it: SHA-256 of the line's JSON as PostgreSQL renders it (jsonb text), without these keys. */
  digestWithout: string[];
  key: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  runId: string;
  kind: ArchiveKind;
  /** Rows dated before the start of this hospital day. */
  before: string;
  cutOffAt: string;
  timezone: string;
  createdAt: string;
  performedBy: string;
  osUser: string;
  host: string;
  database: string;
  /** The tamper-evident chain's newest hash when the export was written. */
  ledgerHead: string | null;
  /** Records before the cut-off kept (blocked) by this run. */
  kept: number;
  files: ManifestFile[];
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Whether `dir` may take an export: missing, or an empty directory. */
export function exportDirUsable(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Writes `text` to a new file and fsyncs it: on disk before anything is removed. */
function writeDurably(path: string, write: (fd: number) => Promise<void>): Promise<void> {
  const fd = openSync(path, 'wx');
  return write(fd).finally(() => {
    fsyncSync(fd);
    closeSync(fd);
  });
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes one JSON-lines file per table of the plan (each row as the jsonb its digest is taken of,
 * keys in byte order) and the manifest (rows and SHA-256 of each file), each fsynced, then the
 * directory. Returns the manifest and its own SHA-256 (recorded with the run).
 */
export async function writeExport(
  repo: ArchiveRepository,
  dir: string,
  runId: string,
  tables: readonly ArchivedTable[],
  planned: ReadonlyMap<string, number>,
  header: Omit<Manifest, 'format' | 'files'>,
): Promise<{ manifest: Manifest; manifestSha256: string }> {
  const files: ManifestFile[] = [];
  for (const a of tables) {
    if (!planned.get(a.name)) continue;
    const hash = createHash('sha256');
    let rows = 0;
    await writeDurably(join(dir, fileOf(a)), async (fd) => {
      for (let after = ''; ;) {
        const page = await repo.exportPage(a, runId, after, EXPORT_PAGE);
        if (page.length === 0) break;
        const chunk = Buffer.from(page.map((r) => `${r.line}\n`).join(''), 'utf8');
        writeSync(fd, chunk);
        hash.update(chunk);
        rows += page.length;
        after = page[page.length - 1].key;
      }
    });
    files.push({
      table: a.name,
      file: fileOf(a),
      rows,
      sha256: hash.digest('hex'),
      action: a.detach ? 'detached' : 'removed',
      ledger: a.cover,
      digestWithout: digestDropKeys(a),
      key: a.key,
    });
  }
  const manifest: Manifest = { format: MANIFEST_FORMAT, ...header, files };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeDurably(join(dir, MANIFEST), async (fd) => void writeSync(fd, text));
  fsyncDir(dir);
  return { manifest, manifestSha256: sha256(text) };
}

/** An export's manifest, or what is wrong with it. */
export function readManifest(dir: string): Manifest | string {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return `${MANIFEST} is missing in ${dir}`;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return m.format === MANIFEST_FORMAT && Array.isArray(m.files) ? m : `${MANIFEST} is not a ${MANIFEST_FORMAT} manifest`;
  } catch {
    return `${MANIFEST} is not JSON`;
  }
}

/** The lines of a file read back from disk, a chunk at a time, with the file's SHA-256 at the end. */
function* fileLines(path: string, hash: ReturnType<typeof createHash>): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 22);
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      let data = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
        yield data.subarray(0, nl).toString('utf8');
        data = data.subarray(nl + 1);
      }
      carry = Buffer.from(data);
    }
    if (carry.length) yield carry.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an export back from disk and checks it: the manifest is the one recorded (its SHA-256),
 * each file has its SHA-256 and row count, keys strictly ascending (no row twice), and — for the
 * tables `digested` names — each line is exactly a row the plan `runId` holds, with the digest
 * the plan expects (the sealed one, or the live row's). Returns the problems found (none: the
 * export holds exactly the rows).
 */
export async function checkExport(
  repo: ArchiveRepository,
  dir: string,
  runId: string,
  expect: { manifestSha256?: string; rows?: ReadonlyMap<string, number>; digested: (f: ManifestFile) => boolean },
): Promise<{ manifest: Manifest | null; problems: string[] }> {
  const problems: string[] = [];
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return { manifest: null, problems: [`${MANIFEST} is missing`] };
  const text = readFileSync(path);
  if (expect.manifestSha256 && sha256(text) !== expect.manifestSha256) problems.push(`${MANIFEST}: SHA-256 differs from the one recorded`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text.toString('utf8')) as Manifest;
  } catch {
    return { manifest: null, problems: [...problems, `${MANIFEST} is not JSON`] };
  }
  if (manifest.format !== MANIFEST_FORMAT) problems.push(`${MANIFEST}: format "${String(manifest.format)}" is not "${MANIFEST_FORMAT}"`);
  if (expect.rows) {
    const listed = new Map(manifest.files.map((f) => [f.table, f.rows]));
    for (const [table, rows] of expect.rows)
      if (rows > 0 && listed.get(table) !== rows) problems.push(`${table}: ${listed.get(table) ?? 0} row(s) listed, ${rows} planned`);
  }
  for (const f of manifest.files) {
    const file = join(dir, f.file);
    if (!existsSync(file)) {
      problems.push(`${f.file} is missing`);
      continue;
    }
    const hash = createHash('sha256');
    const digested = expect.digested(f);
    let count = 0;
    let previous: string | null = null;
    let page: string[] = [];
    const flush = async () => {
      if (!digested || page.length === 0) return;
      const first = count - page.length;
      for (const r of await repo.checkLines(runId, f.table, page, f.digestWithout, f.key)) {
        const at = `${f.file} line ${first + r.line}`;
        if (r.key === null) problems.push(`${at}: no ${f.key}`);
        else if (r.matches === null) problems.push(`${at}: ${f.key} ${r.key} is not a row of this archival`);
        else if (!r.matches) problems.push(`${at}: ${f.key} ${r.key} differs from the record's digest`);
        else if (previous !== null && r.key <= previous) problems.push(`${at}: ${f.key} ${r.key} out of order or repeated`);
        if (r.key !== null) previous = r.key;
        if (problems.length > 20) return;
      }
      page = [];
    };
    try {
      for (const line of fileLines(file, hash)) {
        page.push(line);
        count++;
        if (page.length >= CHECK_PAGE) await flush();
        if (problems.length > 20) break;
      }
      await flush();
    } catch (e) {
      problems.push(`${f.file}: ${(e as Error).message}`);
      continue;
    }
    if (count !== f.rows) problems.push(`${f.file}: ${count} line(s), the manifest says ${f.rows}`);
    if (hash.digest('hex') !== f.sha256) problems.push(`${f.file}: SHA-256 differs from the manifest's`);
  }
  return { manifest, problems };
}
