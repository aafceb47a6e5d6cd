import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { findById, getById, preparedQuery } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { allBisPassedSql, biVerdictSql, type BiVerdict } from '../kernel/bi-verdict.js';
import { BiTest } from '../kernel/bi-test.entity.js';
import { Pack } from '../kernel/pack.entity.js';
import type { LoadItem } from '../kernel/load-item.entity.js';
import type { LoadingCheckRecord } from './loading-check.js';
import { LoadingCheck } from './loading-check.entity.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/**
 * The statements the load gate (load-gate.ts, §4.2 lockouts) runs at every load open and start,
 * by sterilizer ($1), in the order of the runs (see LoadGate); bench/data/explain.mjs shows
 * their plans on generated history.
 */
export const LOAD_GATE_SQL = {
  /** The latest B-D of the day ($2) decides: a failure blocks until a later passing test. */
  bdToday: `SELECT passed FROM bd_tests WHERE sterilizer_id = $1 AND test_date = $2 ORDER BY tested_at DESC, recorded_at DESC LIMIT 1`,
  /**
   * Only BIs of loads that ran mean anything; the latest read is the one of the load that ran last.
   * (`l.sterilizer_id = $1` repeated on the load side lets the planner use the load indexes.)
   */
  lastReadBi: `SELECT b.result FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id
    WHERE b.sterilizer_id = $1 AND l.sterilizer_id = $1 AND b.result <> 'pending' AND l.started_at IS NOT NULL
    ORDER BY l.started_at DESC, l.cycle_no DESC, b.placed_at DESC LIMIT 1`,
  /**
   * Blocked by a failed BI until a load that started after the service learned of that failure
   * (result_recorded_at, the service's own clock — never a read time the client stated) has
   * every one of its BIs read negative: an empty-chamber test run. A late passing result of a
   * load that ran before does not unblock.
   */
  blockedByFailedBi: `SELECT EXISTS (
       SELECT 1 FROM bi_tests f JOIN sterilizer_loads fl ON fl.id = f.load_id
        WHERE f.sterilizer_id = $1 AND fl.sterilizer_id = $1 AND f.result = 'failed' AND fl.started_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM sterilizer_loads pl
             WHERE pl.sterilizer_id = $1 AND pl.started_at > f.result_recorded_at AND ${allBisPassedSql('pl')})) AS blocked`,
  /** When the newest load that ran with a BI in it started (the calendar's BI, see bi-schedule). */
  lastBiRun: `SELECT l.started_at FROM sterilizer_loads l
    WHERE l.sterilizer_id = $1 AND l.started_at IS NOT NULL AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = l.id)
    ORDER BY l.started_at DESC LIMIT 1`,
  /** The qualification runs since commissioning began ($2): empty-chamber loads with BIs, in the order they ran. */
  qualificationRuns: `SELECT ${biVerdictSql('l')} AS verdict FROM sterilizer_loads l
    WHERE l.sterilizer_id = $1 AND l.empty_chamber AND l.started_at >= $2
      AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = l.id)
    ORDER BY l.started_at, l.cycle_no`,
  /** The B-D tests since commissioning began ($2), in the order they were run. */
  bdSince: `SELECT passed FROM bd_tests WHERE sterilizer_id = $1 AND tested_at >= $2 ORDER BY tested_at, recorded_at`,
  /** Another load ($2 is the one asking) of the sterilizer that is running. */
  runningLoad: `SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'running' AND id <> $2 ORDER BY cycle_no LIMIT 1`,
  /** An open load of the sterilizer with an earlier cycle number than $2. */
  earlierOpenLoad: `SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'open' AND cycle_no < $2 ORDER BY cycle_no LIMIT 1`,
  /** seed 6.2 持证上岗: user $1 holds a sterilizer operator certificate valid on hospital day $2. */
  operatorCertificate: `SELECT 1 FROM user_certifications WHERE user_id = $1 AND kind = 'sterilizer_operator' AND valid_until >= $2 LIMIT 1`,
} as const satisfies Statements;

/** The rest of sterilization's SQL, by name (all of it snapshotted in test/contract/sql-statements.spec.ts). */
export const STERILIZATION_SQL = {
  /**
   * The sterilizer's next cycle number (锅次, per sterilizer, never reused): loads and B-D test
   * cycles share it. The caller holds the sterilizer row locked, so two cannot take the same one.
   */
  nextCycleNo: 'SELECT coalesce(max(cycle_no), 0) + 1 AS n FROM sterilizer_loads WHERE sterilizer_id = $1',
  /** The latest check of load $1, judged against the packs loaded in it now. */
  latestLoadingCheck: `
  SELECT c.id::text AS id, c.packaging, c.quantity, c.specification, c.loading_method AS "loadingMethod", c.passed,
         cardinality(c.pack_ids) AS "packCount", c.second_required AS "secondRequired",
         cu.display_name AS "checkedBy", su.display_name AS "secondCheckedBy", c.checked_at AS "checkedAt", c.note,
         (SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}') FROM packs p WHERE p.load_id = c.load_id)
           = (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(c.pack_ids) x) AS current
    FROM load_checks c JOIN users cu ON cu.id = c.checked_by LEFT JOIN users su ON su.id = c.second_checked_by
   WHERE c.load_id = $1 ORDER BY c.id DESC LIMIT 1`,
  /**
   * Implant and critical loads are checked by two people (§5, seed 1.3–1.4): a load holding any
   * pack of an implant or critical set (as packed: its template version).
   */
  needsSecondChecker: `SELECT coalesce(bool_or(p.implant OR coalesce(v.critical, t.critical) OR coalesce(v.implant, t.implant)), false) AS needed
       FROM packs p JOIN set_templates t ON t.id = p.template_id
       LEFT JOIN set_template_versions v ON v.template_id = p.template_id AND v.version = p.template_version
      WHERE p.id = ANY($1::uuid[])`,
  /** The BIs placed in load $1, as the loading station shows them (product, lot, when and by whom). */
  bisOfLoadShown: `SELECT b.id, b.lot, b.placed_at AS "placedAt", b.result, pr.code AS "productCode",
         pr.name_zh AS "productNameZh", pr.name_en AS "productNameEn", u.display_name AS "placedBy"
    FROM bi_tests b LEFT JOIN bi_products pr ON pr.id = b.product_id JOIN users u ON u.id = b.placed_by
   WHERE b.load_id = $1 ORDER BY b.placed_at, b.recorded_at, b.id`,
  /** The BIs placed in load $1. */
  biCount: `SELECT count(*)::int AS n FROM bi_tests WHERE load_id = $1`,
  /** Packs scanned into or out of a load (the load's own history of its packs), in one statement. */
  recordLoadItems: `INSERT INTO load_items (load_id, pack_id, action, actor_id, at) SELECT $1, p, $3, $4, $5 FROM unnest($2::uuid[]) WITH ORDINALITY AS x(p, i) ORDER BY i`,
} as const satisfies Statements;

/** A BI placed in a load, as the loading station shows it. */
export interface LoadBi {
  id: string;
  lot: string;
  placedAt: Date;
  result: 'pending' | 'passed' | 'failed';
  productCode: string | null;
  productNameZh: string | null;
  productNameEn: string | null;
  placedBy: string;
}

/** What sterilization (its service, the load gate, the loading check) reads and writes besides the pack ledger; transactions stay the callers'. */
@Injectable()
export class SterilizationRepository {
  static readonly statements = { ...LOAD_GATE_SQL, ...STERILIZATION_SQL };

  // The load gate.

  async bdToday(m: EntityManager, sterilizerId: string, today: string): Promise<{ passed: boolean } | undefined> {
    const [bd] = await m.query(LOAD_GATE_SQL.bdToday, [sterilizerId, today]);
    return bd;
  }

  async lastReadBi(m: EntityManager, sterilizerId: string): Promise<{ result: string } | undefined> {
    const [bi] = await m.query(LOAD_GATE_SQL.lastReadBi, [sterilizerId]);
    return bi;
  }

  async blockedByFailedBi(m: EntityManager, sterilizerId: string): Promise<boolean> {
    const [{ blocked }] = await m.query(LOAD_GATE_SQL.blockedByFailedBi, [sterilizerId]);
    return blocked;
  }

  async lastBiRun(m: EntityManager, sterilizerId: string): Promise<{ started_at: Date } | undefined> {
    const [run] = await m.query(LOAD_GATE_SQL.lastBiRun, [sterilizerId]);
    return run;
  }

  qualificationRuns(m: EntityManager, sterilizerId: string, since: Date): Promise<{ verdict: BiVerdict }[]> {
    return m.query(LOAD_GATE_SQL.qualificationRuns, [sterilizerId, since]);
  }

  bdSince(m: EntityManager, sterilizerId: string, since: Date): Promise<{ passed: boolean }[]> {
    return m.query(LOAD_GATE_SQL.bdSince, [sterilizerId, since]);
  }

  async runningLoad(m: EntityManager, sterilizerId: string, exceptLoadId: string): Promise<{ cycle_no: number } | undefined> {
    const [running] = await m.query(LOAD_GATE_SQL.runningLoad, [sterilizerId, exceptLoadId]);
    return running;
  }

  async earlierOpenLoad(m: EntityManager, sterilizerId: string, cycleNo: number): Promise<{ cycle_no: number } | undefined> {
    const [earlier] = await m.query(LOAD_GATE_SQL.earlierOpenLoad, [sterilizerId, cycleNo]);
    return earlier;
  }

  async operatorCertified(m: EntityManager, userId: string, today: string): Promise<boolean> {
    const [cert] = await m.query(LOAD_GATE_SQL.operatorCertificate, [userId, today]);
    return !!cert;
  }

  // Cycle numbers, loading checks, load membership.

  async nextCycleNo(m: EntityManager, sterilizerId: string): Promise<number> {
    const [{ n }] = await m.query(STERILIZATION_SQL.nextCycleNo, [sterilizerId]);
    return n;
  }

  /** A load's latest loading check as the load's views and provenance show it (people by display name). */
  async latestLoadingCheck(m: EntityManager, loadId: string): Promise<LoadingCheckRecord | null> {
    const [row] = await m.query(STERILIZATION_SQL.latestLoadingCheck, [loadId]);
    return row ?? null;
  }

  /** Whether a load of these packs needs a second checker (implant or critical, as packed). */
  async needsSecondChecker(m: EntityManager, packIds: string[]): Promise<boolean> {
    if (packIds.length === 0) return false;
    const [{ needed }] = await m.query(STERILIZATION_SQL.needsSecondChecker, [packIds]);
    return needed;
  }

  /** The BIs placed in a load, as the loading station shows them. */
  bisOfLoadShown(m: EntityManager, loadId: string): Promise<LoadBi[]> {
    return m.query(STERILIZATION_SQL.bisOfLoadShown, [loadId]);
  }

  async biCount(m: EntityManager, loadId: string): Promise<number> {
    const [{ n }] = await m.query(STERILIZATION_SQL.biCount, [loadId]);
    return n;
  }

  async recordLoadItems(m: EntityManager, loadId: string, packIds: string[], action: LoadItem['action'], actorId: string, at: Date) {
    if (packIds.length === 0) return;
    await preparedQuery(m, STERILIZATION_SQL.recordLoadItems, [loadId, packIds, action, actorId, at]);
  }

  // Lookups.

  findSterilizer(m: EntityManager, id: string, opts: { lock?: boolean } = {}): Promise<Sterilizer | null> {
    return findById(m, Sterilizer, id, opts);
  }

  sterilizer(m: EntityManager, id: string): Promise<Sterilizer> {
    return getById(m, Sterilizer, id);
  }

  /** The sterilizer's program with this id (null when it is another sterilizer's). */
  programOf(m: EntityManager, sterilizerId: string, id: string): Promise<SterilizerProgram | null> {
    return m.getRepository(SterilizerProgram).findOneBy({ id, sterilizerId });
  }

  program(m: EntityManager, id: string): Promise<SterilizerProgram> {
    return getById(m, SterilizerProgram, id);
  }

  template(m: EntityManager, id: string): Promise<SetTemplate> {
    return getById(m, SetTemplate, id);
  }

  insertLoad(m: EntityManager, load: Partial<SterilizerLoad>): Promise<SterilizerLoad> {
    return m.getRepository(SterilizerLoad).save(m.getRepository(SterilizerLoad).create(load));
  }

  /** The 200 newest loads opened, optionally of one sterilizer and cycle number. */
  loads(m: EntityManager, where: Record<string, unknown>): Promise<SterilizerLoad[]> {
    return m.getRepository(SterilizerLoad).find({ where, order: { openedAt: 'DESC' }, take: 200 });
  }

  findLoad(m: EntityManager, id: string, opts: { lock?: boolean } = {}): Promise<SterilizerLoad | null> {
    return opts.lock ? findById(m, SterilizerLoad, id, opts) : m.getRepository(SterilizerLoad).findOneBy({ id });
  }

  load(m: EntityManager, id: string): Promise<SterilizerLoad> {
    return getById(m, SterilizerLoad, id);
  }

  /** Every pack that points at the load, by barcode. */
  packsOfLoad(m: EntityManager, loadId: string): Promise<Pack[]> {
    return m.getRepository(Pack).find({ where: { loadId }, order: { barcode: 'ASC' } });
  }

  /** The load's packs in a state, locked in id order. */
  lockPacksOfLoad(m: EntityManager, loadId: string, state: Pack['state']): Promise<Pack[]> {
    return m.getRepository(Pack).find({ where: { loadId, state }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** The ids of the packs loaded in the load now. */
  loadedPackIds(m: EntityManager, loadId: string): Promise<Pick<Pack, 'id'>[]> {
    return m.getRepository(Pack).find({ where: { loadId, state: 'loaded' }, select: { id: true } });
  }

  async insertLoadingCheck(m: EntityManager, check: Partial<LoadingCheck>): Promise<void> {
    await m.getRepository(LoadingCheck).insert(check);
  }

  bisOfLoad(m: EntityManager, loadId: string): Promise<BiTest[]> {
    return m.getRepository(BiTest).find({ where: { loadId } });
  }
}
