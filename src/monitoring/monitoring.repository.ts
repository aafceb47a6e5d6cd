import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BiProduct } from '../catalog/bi-product.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { findById, getById } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { BdTest } from './bd-test.entity.js';
import { BiPositiveControl } from '../kernel/bi-positive-control.entity.js';
import { BiTest } from '../kernel/bi-test.entity.js';
import { controlFailedSql } from '../kernel/bi-verdict.js';
import { EnvironmentReading, type ReadingKind } from '../kernel/environment-reading.entity.js';

/** Monitoring's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const MONITORING_SQL = {
  /** When sterilizer $1 last had a load in its chamber (a B-D test is stated after it). */
  lastLoadRun: `SELECT max(greatest(started_at, completed_at)) AS at FROM sterilizer_loads WHERE sterilizer_id = $1 AND started_at IS NOT NULL`,
  /** A load of sterilizer $1 in its chamber now. */
  runningLoad: `SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'running' LIMIT 1`,
  /** WS/T 367: a positive control of lot $1 (product $2, if named) read on hospital day $3. */
  positiveControl: `SELECT 1 FROM bi_positive_controls pc WHERE pc.lot = $1 AND ($2::uuid IS NULL OR pc.product_id = $2) AND pc.control_date = $3 LIMIT 1`,
  /** BI $1's reading is invalid: its lot's control that day did not grow. */
  readingInvalid: `SELECT ${controlFailedSql('b')} AS invalid FROM bi_tests b WHERE b.id = $1`,
  /** The negative readings of product $1, lot $2 on day $3 (a control that did not grow invalidates them). */
  passedReadingsOfLot: `SELECT count(*)::int AS n FROM bi_tests WHERE product_id = $1 AND lot = $2 AND read_date = $3 AND result = 'passed'`,
  /** Per department: its emergency-released packs of load $1 (they hear the late BI result). */
  emergencyReleasedByDepartment: `SELECT p.department_id, json_agg(json_build_object('id', p.id, 'barcode', p.barcode) ORDER BY p.barcode) AS packs
         FROM packs p
        WHERE p.load_id = $1 AND p.department_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'release' AND (e.data->>'emergency')::boolean)
        GROUP BY p.department_id`,
  /** The desk: every BI not yet read, of loads not cancelled ($1: today, for the positive control). */
  pendingBis: `SELECT b.id, b.lot, b.product_id,
              (SELECT bool_and(pc.grew) FROM bi_positive_controls pc
                WHERE pc.lot = b.lot AND (b.product_id IS NULL OR pc.product_id = b.product_id) AND pc.control_date = $1) AS control_today, b.placed_at, b.readout_minutes, b.pcd_type5_passed, s.id AS sterilizer_id, s.code AS sterilizer_code,
              s.name_zh AS sterilizer_name_zh, s.name_en AS sterilizer_name_en, l.id AS load_id, l.cycle_no, l.status AS load_status,
              l.release AS load_release, l.contains_implant, l.empty_chamber, l.started_at, l.completed_at
         FROM bi_tests b
         JOIN sterilizer_loads l ON l.id = b.load_id
         JOIN sterilizers s ON s.id = b.sterilizer_id
        WHERE b.result = 'pending' AND l.status <> 'cancelled'
        ORDER BY l.completed_at NULLS LAST, s.code, l.cycle_no, b.placed_at
        LIMIT 500`,
  /** The desk: loads running, waiting for their unloading. */
  loadsToUnload: `SELECT l.id, l.cycle_no, l.started_at, l.contains_implant, l.empty_chamber, s.code AS sterilizer_code, s.name_zh, s.name_en,
              pr.code AS program_code, (SELECT count(*)::int FROM packs p WHERE p.load_id = l.id AND p.state = 'sterilizing') AS packs,
              (SELECT count(*)::int FROM bi_tests b WHERE b.load_id = l.id) AS bis
         FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id JOIN sterilizer_programs pr ON pr.id = l.program_id
        WHERE l.status = 'running'
        ORDER BY l.started_at, s.code, l.cycle_no
        LIMIT 200`,
} as const satisfies Statements;

/** What monitoring reads and writes; transactions stay the services'. */
@Injectable()
export class MonitoringRepository {
  static readonly statements = MONITORING_SQL;

  // Sterilizers and loads.

  lockSterilizer(m: EntityManager, id: string): Promise<Sterilizer | null> {
    return findById(m, Sterilizer, id, { lock: true });
  }

  sterilizer(m: EntityManager, id: string): Promise<Sterilizer> {
    return getById(m, Sterilizer, id);
  }

  findSterilizer(m: EntityManager, id: string): Promise<Sterilizer | null> {
    return m.getRepository(Sterilizer).findOneBy({ id });
  }

  activeSterilizers(m: EntityManager): Promise<Sterilizer[]> {
    return m.getRepository(Sterilizer).find({ where: { active: true }, order: { code: 'ASC' } });
  }

  async updateSterilizer(m: EntityManager, id: string, changes: Partial<Sterilizer>): Promise<void> {
    await m.getRepository(Sterilizer).update({ id }, changes);
  }

  insertLoad(m: EntityManager, load: Partial<SterilizerLoad>): Promise<SterilizerLoad> {
    return m.getRepository(SterilizerLoad).save(m.getRepository(SterilizerLoad).create(load));
  }

  lockLoad(m: EntityManager, id: string): Promise<SterilizerLoad | null> {
    return m.getRepository(SterilizerLoad).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A load a row points at, locked (it must exist). */
  lockKnownLoad(m: EntityManager, id: string): Promise<SterilizerLoad> {
    return m.getRepository(SterilizerLoad).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  load(m: EntityManager, id: string): Promise<SterilizerLoad> {
    return m.getRepository(SterilizerLoad).findOneByOrFail({ id });
  }

  // B-D tests, BIs, positive controls, readings.

  insertBd(m: EntityManager, bd: Partial<BdTest>): Promise<BdTest> {
    return m.getRepository(BdTest).save(m.getRepository(BdTest).create(bd));
  }

  /** The 200 latest B-D tests, optionally of one sterilizer. */
  latestBds(m: EntityManager, sterilizerId?: string): Promise<BdTest[]> {
    return m.getRepository(BdTest).find({ where: sterilizerId ? { sterilizerId } : {}, order: { testedAt: 'DESC' }, take: 200 });
  }

  insertBi(m: EntityManager, bi: Partial<BiTest>): Promise<BiTest> {
    return m.getRepository(BiTest).save(m.getRepository(BiTest).create(bi));
  }

  /** The 200 latest BIs placed, optionally of one sterilizer. */
  latestBis(m: EntityManager, sterilizerId?: string): Promise<BiTest[]> {
    return m.getRepository(BiTest).find({ where: sterilizerId ? { sterilizerId } : {}, order: { placedAt: 'DESC' }, take: 200 });
  }

  lockBi(m: EntityManager, id: string): Promise<BiTest | null> {
    return m.getRepository(BiTest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  bi(m: EntityManager, id: string): Promise<BiTest> {
    return m.getRepository(BiTest).findOneByOrFail({ id });
  }

  async updateBi(m: EntityManager, id: string, changes: Partial<BiTest>): Promise<void> {
    await m.getRepository(BiTest).update({ id }, changes);
  }

  failedBiCount(m: EntityManager, loadId: string): Promise<number> {
    return m.getRepository(BiTest).countBy({ loadId, result: 'failed' });
  }

  findBiProduct(m: EntityManager, id: string): Promise<BiProduct | null> {
    return m.getRepository(BiProduct).findOneBy({ id });
  }

  insertPositiveControl(m: EntityManager, control: Partial<BiPositiveControl>): Promise<BiPositiveControl> {
    return m.getRepository(BiPositiveControl).save(m.getRepository(BiPositiveControl).create(control));
  }

  /** The 200 latest positive controls read, optionally of one lot. */
  latestPositiveControls(m: EntityManager, lot?: string): Promise<BiPositiveControl[]> {
    return m.getRepository(BiPositiveControl).find({ where: lot ? { lot } : {}, order: { readAt: 'DESC' }, take: 200 });
  }

  insertReading(m: EntityManager, reading: Partial<EnvironmentReading>): Promise<EnvironmentReading> {
    return m.getRepository(EnvironmentReading).save(m.getRepository(EnvironmentReading).create(reading));
  }

  /** The 200 latest readings measured, optionally of one kind. */
  latestReadings(m: EntityManager, kind?: ReadingKind): Promise<EnvironmentReading[]> {
    return m.getRepository(EnvironmentReading).find({ where: kind ? { kind } : {}, order: { measuredAt: 'DESC' }, take: 200 });
  }

  // Statements of its own.

  async lastLoadRun(m: EntityManager, sterilizerId: string): Promise<Date | null> {
    const [last] = await m.query(MONITORING_SQL.lastLoadRun, [sterilizerId]);
    return last?.at ? new Date(last.at) : null;
  }

  async runningLoad(m: EntityManager, sterilizerId: string): Promise<{ cycle_no: number } | undefined> {
    const [running] = await m.query(MONITORING_SQL.runningLoad, [sterilizerId]);
    return running;
  }

  async hasPositiveControl(m: EntityManager, lot: string, productId: string | null, date: string): Promise<boolean> {
    const [control] = await m.query(MONITORING_SQL.positiveControl, [lot, productId, date]);
    return !!control;
  }

  async readingInvalid(m: EntityManager, biId: string): Promise<boolean> {
    const [{ invalid }] = await m.query(MONITORING_SQL.readingInvalid, [biId]);
    return invalid;
  }

  async passedReadingsOfLot(m: EntityManager, productId: string, lot: string, date: string): Promise<number> {
    const [{ n }] = await m.query(MONITORING_SQL.passedReadingsOfLot, [productId, lot, date]);
    return n;
  }

  emergencyReleasedByDepartment(
    m: EntityManager,
    loadId: string,
  ): Promise<{ department_id: string; packs: { id: string; barcode: string }[] }[]> {
    return m.query(MONITORING_SQL.emergencyReleasedByDepartment, [loadId]);
  }

  pendingBis(m: EntityManager, today: string): Promise<Record<string, unknown>[]> {
    return m.query(MONITORING_SQL.pendingBis, [today]);
  }

  loadsToUnload(m: EntityManager): Promise<Record<string, unknown>[]> {
    return m.query(MONITORING_SQL.loadsToUnload);
  }
}
