import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { localDate, startOfLocalDay, type Clock } from '../common/clock.js';
import { canonicalSettings, seal, type LedgerDb } from '../ledger-seal/ledger-store.js';
import { catchUpTallies } from '../reports/day-tallies.js';
import { checkExport, exportDirUsable, readManifest, writeExport, type ManifestFile } from './archive-export.js';
import { EXIT, KIND_NAMES, refusal, type RefusalCode, type Said } from './archive.messages.js';
import { ArchiveRepository, type Blocked, type Q } from './archive.repository.js';
import { ALL_ARCHIVED_TABLES, ARCHIVED_TABLES } from './archive-tables.js';
import { isCalendarDate, latestCutOff, RETENTION_MONTHS, type ArchiveKind } from './retention.js';

/**
 * The archival (issue 15 "Retention", §4.5): exports, then removes, cleaning records older than
 * six months or sterilization records older than three years — never anything younger, nor
 * anything a younger record still needs — and leaves the tamper-evident record verifiable.
 * What goes, precisely, is in docs/domain.md §4.5 and the planning statements of
 * archive.repository.ts.
 *
 * 1. The cut-off is checked against the service's clock in the hospital's time zone.
 * 2. Everything pending is sealed, so every row that may go is in the record; the reports' day
 *    tallies catch up, so every pack event that may go is counted there (checked again in 3).
 * 3. In one transaction (as the tables' owner): the plan, the blocked rows and why; nothing more
 *    without --confirm (--dry-run: never more). With --confirm: each row's digest as the record
 *    holds it; the export written (a JSON-lines file per table and a manifest), fsynced, read
 *    back and checked line by line against those digests; then the run recorded (archive_runs,
 *    the audit log), every removed row marked in the record (ledger_archive_marks), the rows
 *    removed; commit. Anything failing rolls all of it back: nothing is removed.
 * 4. The marks and the run are sealed.
 */
export interface ArchiveOptions {
  kind: ArchiveKind;
  /** YYYY-MM-DD: records dated before the start of this hospital day. */
  before: string;
  out?: string;
  /** dry-run: the plan only; plan: the plan, and what to add to go on; confirm: export and remove. */
  mode: 'dry-run' | 'plan' | 'confirm';
  keepBlocked: boolean;
  /** Who runs it (else the OS user). */
  by?: string;
}

export interface ArchiveContext {
  db: LedgerDb;
  clock: Clock;
  timezone: string;
  osUser: string;
  host: string;
  database: string;
  /** How long sealing waits for older transactions (ms). */
  settleMs?: number;
}

export interface ArchiveOutcome {
  status: 'refused' | 'blocked' | 'nothing' | 'planned' | 'archived' | 'failed';
  exitCode: number;
  code?: RefusalCode;
  message?: Said;
  runId?: string;
  cutOffAt?: Date;
  /** Rows planned (or removed), by table. */
  rows: Record<string, number>;
  blocked: Blocked[];
  outDir?: string;
  manifestSha256?: string;
  /** Problems the read-back found (status failed). */
  problems?: string[];
}

/** Why the day tallies could not take in the events to be archived (ARCHIVE_TALLIES_BEHIND). */
const TALLIES_SKIPPED = {
  timezone: { reasonZh: '统计按另一时区计日', reasonEn: 'they count days in another time zone' },
  unsettled: { reasonZh: '仍有较早的事务未结束', reasonEn: 'an older transaction is still running' },
  behind: { reasonZh: '统计尚未赶上', reasonEn: 'they have not caught up' },
} as const;

/** Thrown inside the transaction to roll it back with an outcome. */
class Stop {
  constructor(readonly outcome: ArchiveOutcome) {}
}

const refused = (
  code: RefusalCode,
  exitCode: number,
  p: Record<string, string | number>,
  extra: Partial<ArchiveOutcome> = {},
): ArchiveOutcome => ({
  status: exitCode === EXIT.blocked ? 'blocked' : exitCode === EXIT.failed ? 'failed' : 'refused',
  exitCode,
  code,
  message: refusal(code, p),
  rows: {},
  blocked: [],
  ...extra,
});

/** Plans `kind` before `cutOff` into archive_plan under `runId`: the rows kept, and why. */
async function plan(repo: ArchiveRepository, kind: ArchiveKind, runId: string, cutOff: Date): Promise<Blocked[]> {
  const blocked: Blocked[] = [];
  const block = async (step: string) => {
    const rows = await repo.block(kind, step, runId, cutOff);
    blocked.push(...rows);
    return rows.length;
  };
  if (kind === 'cleaning') {
    await repo.plan(kind, 'cycles', runId, cutOff);
    await repo.plan(kind, 'lockCycles', runId, cutOff);
    await repo.plan(kind, 'runEvents', runId, cutOff);
    await repo.analyze();
    await block('blockCycles');
    await repo.plan(kind, 'keepRunEventsOfKept', runId, cutOff);
    await repo.plan(kind, 'manualCleans', runId, cutOff);
    await block('blockManualCleans');
    await repo.plan(kind, 'detachPacks', runId, cutOff);
    await repo.analyze();
    return blocked;
  }
  await repo.plan(kind, 'loads', runId, cutOff);
  await repo.plan(kind, 'packs', runId, cutOff);
  await repo.plan(kind, 'lockLoads', runId, cutOff);
  await repo.plan(kind, 'lockPacks', runId, cutOff);
  await repo.analyze();
  await block('blockLoads');
  await block('blockPacks');
  // A load goes only with all its packs, a pack only with all its loads: until nothing more is kept.
  for (;;) {
    const n = (await block('blockLoadsByPacks')) + (await block('blockPacksByLoads')) + (await block('blockReplacements'));
    if (n === 0) break;
  }
  for (const step of [
    'packEvents',
    'roundItems',
    'requisitionFulfilments',
    'voidedLabels',
    'loadItems',
    'loadChecks',
    'biTests',
    'bdTests',
    'emergencyReleases',
  ])
    await repo.plan(kind, step, runId, cutOff);
  await repo.analyze();
  return blocked;
}

export async function runArchive(ctx: ArchiveContext, opts: ArchiveOptions): Promise<ArchiveOutcome> {
  const { kind, before } = opts;
  if (!isCalendarDate(before)) return refused('ARCHIVE_DATE_INVALID', EXIT.refused, { before });
  const now = ctx.clock.instant();
  const today = localDate(now, ctx.timezone);
  const latest = latestCutOff(kind, today);
  if (before > latest)
    return refused('ARCHIVE_CUT_OFF_TOO_RECENT', EXIT.refused, {
      kindZh: KIND_NAMES[kind].zh,
      kindEn: KIND_NAMES[kind].en,
      months: RETENTION_MONTHS[kind],
      today,
      timezone: ctx.timezone,
      latest,
      before,
    });
  const outDir = opts.out ? resolve(opts.out) : undefined;
  if (opts.mode === 'confirm' && outDir && !exportDirUsable(outDir)) return refused('ARCHIVE_OUT_NOT_EMPTY', EXIT.refused, { out: outDir });
  const cutOff = startOfLocalDay(before, ctx.timezone);
  const settleMs = ctx.settleMs ?? 10_000;
  if (!(await seal(ctx.db, { now, settleMs })).settled) return refused('ARCHIVE_NOT_SEALED', EXIT.failed, { seconds: settleMs / 1000 });
  // The reports count pack events from the day tallies: what is removed must be counted there first.
  const tallies = await catchUpTallies(ctx.db, { timezone: ctx.timezone, now, settleMs });
  if (tallies.skipped) return refused('ARCHIVE_TALLIES_BEHIND', EXIT.failed, TALLIES_SKIPPED[tallies.skipped]);

  const runId = randomUUID();
  const tables = ARCHIVED_TABLES[kind];
  let outcome: ArchiveOutcome;
  try {
    outcome = await ctx.db.transaction(async (q: Q) => {
      await canonicalSettings(q);
      const repo = new ArchiveRepository(q);
      const blocked = await plan(repo, kind, runId, cutOff);
      const counts = new Map((await repo.counts(runId)).map((c) => [c.table, c.rows]));
      const rows = Object.fromEntries(tables.filter((a) => counts.get(a.name)).map((a) => [a.name, counts.get(a.name)!]));
      const base = { runId, cutOffAt: cutOff, rows, blocked };
      const untallied = await repo.untallied(runId, ctx.timezone);
      if (untallied > 0) throw new Stop(refused('ARCHIVE_TALLIES_BEHIND', EXIT.failed, TALLIES_SKIPPED.behind, base));
      if (blocked.length > 0 && !opts.keepBlocked)
        throw new Stop(refused('ARCHIVE_BLOCKED', EXIT.blocked, { count: blocked.length }, base));
      if (Object.keys(rows).length === 0) throw new Stop({ status: 'nothing', exitCode: EXIT.ok, ...base });
      if (opts.mode !== 'confirm') throw new Stop({ status: 'planned', exitCode: EXIT.ok, ...base });

      // Each row's digest as the record holds it; a row the record does not hold is not removed.
      for (const a of tables) if (counts.get(a.name)) await repo.expectDigests(a, runId);
      for (const c of await repo.counts(runId))
        if (c.undigested > 0) throw new Stop(refused('ARCHIVE_UNSEALED_ROWS', EXIT.failed, { table: c.table, count: c.undigested }, base));

      mkdirSync(outDir!, { recursive: true });
      const by = opts.by?.trim() || ctx.osUser;
      const { manifestSha256 } = await writeExport(repo, outDir!, runId, tables, counts, {
        runId,
        kind,
        before,
        cutOffAt: cutOff.toISOString(),
        timezone: ctx.timezone,
        createdAt: now.toISOString(),
        performedBy: by,
        osUser: ctx.osUser,
        host: ctx.host,
        database: ctx.database,
        ledgerHead: await repo.headHash(),
        kept: blocked.length,
      });
      // Read back from disk: the export holds exactly the planned rows, each as the record holds it.
      const { problems } = await checkExport(repo, outDir!, runId, { manifestSha256, rows: counts, digested: () => true });
      if (problems.length > 0)
        throw new Stop(refused('ARCHIVE_EXPORT_CHECK_FAILED', EXIT.failed, { problem: problems[0] }, { ...base, problems, outDir }));

      await repo.insertRun({
        id: runId,
        kind,
        before,
        cutOff,
        at: now,
        by,
        osUser: ctx.osUser,
        host: ctx.host,
        outDir: outDir!,
        manifestSha256,
        rows,
        kept: blocked.length,
      });
      await repo.declareRun(runId);
      for (const a of tables) if (counts.get(a.name)) await repo.mark(a, runId);
      await repo.audit(runId, now, {
        kind,
        before,
        cutOffAt: cutOff.toISOString(),
        performedBy: by,
        osUser: ctx.osUser,
        host: ctx.host,
        outDir,
        manifestSha256,
        rows,
        kept: blocked.length,
      });
      for (const a of tables) {
        const planned = counts.get(a.name) ?? 0;
        if (planned === 0) continue;
        const removed = await repo.remove(a, runId);
        if (removed !== planned)
          throw new Stop(refused('ARCHIVE_REMOVAL_MISMATCH', EXIT.failed, { table: a.name, removed, planned }, { ...base, outDir }));
      }
      await repo.dropPlan(runId);
      return { status: 'archived' as const, exitCode: EXIT.ok, ...base, outDir, manifestSha256 };
    });
  } catch (e) {
    if (e instanceof Stop) return e.outcome;
    throw e;
  }
  // The marks, the run's journal line and the audit entry join the record at once (else at the service's next seal).
  await seal(ctx.db, { now: ctx.clock.instant(), settleMs }).catch(() => undefined);
  return outcome;
}

export interface VerifyArchiveOutcome {
  ok: boolean;
  exitCode: number;
  message?: Said;
  runId?: string;
  files: Pick<ManifestFile, 'table' | 'rows'>[];
  problems: string[];
}

/**
 * `--verify <dir>`: an export checked against the record. Its manifest must be the one the
 * archival recorded (SHA-256 in archive_runs); each file its SHA-256 and row count; and every
 * line of a covered table exactly a row the archive marks name, with the digest it was sealed
 * with (the marks themselves are checked against the seals by audit:verify). Reads only: the
 * marks are loaded into the plan table in a transaction rolled back at the end.
 */
export async function verifyArchive(db: LedgerDb, dir: string): Promise<VerifyArchiveOutcome> {
  const scratch = randomUUID();
  try {
    return await db.transaction(async (q: Q) => {
      const repo = new ArchiveRepository(q);
      const manifest = readManifest(dir);
      if (typeof manifest === 'string') return { ok: false, exitCode: EXIT.failed, files: [], problems: [manifest] };
      const runId = String(manifest.runId);
      const run = /^[0-9a-f-]{36}$/.test(runId) ? await repo.run(runId) : undefined;
      if (!run)
        return {
          ok: false,
          exitCode: EXIT.failed,
          message: refusal('ARCHIVE_VERIFY_UNKNOWN_RUN', { dir, runId }),
          files: [],
          problems: [],
        };
      await repo.loadMarks(scratch, run.id);
      const rows = new Map(Object.entries(run.rowCounts).filter(([t]) => ALL_ARCHIVED_TABLES.find((a) => a.name === t)?.cover !== 'none'));
      const { problems } = await checkExport(repo, dir, scratch, {
        manifestSha256: run.manifestSha256,
        rows,
        digested: (f) => f.ledger !== 'none',
      });
      throw new Stop({
        status: problems.length ? 'failed' : 'archived',
        exitCode: problems.length ? EXIT.failed : EXIT.ok,
        runId: run.id,
        rows: Object.fromEntries(manifest.files.map((f) => [f.table, f.rows])),
        blocked: [],
        problems,
      });
    });
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const o = e.outcome;
    return {
      ok: o.exitCode === EXIT.ok,
      exitCode: o.exitCode,
      runId: o.runId,
      files: Object.entries(o.rows).map(([table, rows]) => ({ table, rows })),
      problems: o.problems ?? [],
    };
  }
}
