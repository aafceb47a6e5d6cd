import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import type { Statements } from '../database/statements.js';
import { BiTest } from '../kernel/bi-test.entity.js';
import { biVerdictSql, controlFailedSql } from '../kernel/bi-verdict.js';
import { EmergencyRelease } from '../kernel/emergency-release.entity.js';
import type { LoadRelease, LoadStatus } from '../kernel/sterilizer-load.entity.js';

/** Release's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const RELEASE_SQL = {
  /** The BI verdict of load $1 (bi-verdict). */
  loadVerdict: `SELECT ${biVerdictSql('l')} AS verdict FROM sterilizer_loads l WHERE l.id = $1`,
  /** The packs of load $1 held back for its BI (the ledger releases them at once). */
  quarantinedPackIds: `SELECT id FROM packs WHERE load_id = $1 AND state = 'quarantined'`,
  /** The packs $1 (uuid[]) as a statement for the ledger's set-based steps. */
  givenPackIds: `SELECT unnest($1::uuid[])`,
  /** The released loads, locked, that a negative reading of product $1, lot $2 on day $3 released under a control that did not grow. */
  loadsReleasedUnderFailedControl: `SELECT l.id, l.status, l.release, l.cycle_no, coalesce(l.run_snapshot->'sterilizer'->>'code', s.code) AS code, coalesce(l.run_snapshot->'sterilizer'->>'type', s.type) AS method, l.contains_implant
         FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id
        WHERE l.release = 'released' AND EXISTS (
              SELECT 1 FROM bi_tests b WHERE b.load_id = l.id AND b.product_id = $1 AND b.lot = $2 AND b.read_date = $3 AND b.result = 'passed' AND ${controlFailedSql('b')})
        ORDER BY code, l.cycle_no FOR UPDATE OF l`,
  packsOfLoad: `SELECT id, state, implant FROM packs WHERE load_id = $1`,
  /** The packs of load $1 with the barcodes $2, locked in id order. */
  lockPacksByBarcode: `SELECT id, barcode, implant, state FROM packs WHERE load_id = $1 AND barcode = ANY($2::text[]) ORDER BY id FOR UPDATE`,
} as const satisfies Statements;

/** What release reads and writes besides the pack ledger and the load state machine; transactions stay the callers'. */
@Injectable()
export class ReleaseRepository {
  static readonly statements = RELEASE_SQL;

  bisOfLoad(m: EntityManager, loadId: string): Promise<BiTest[]> {
    return m.getRepository(BiTest).find({ where: { loadId } });
  }

  /** The load's BIs in the order they were placed. */
  bisOfLoadByPlacement(m: EntityManager, loadId: string): Promise<BiTest[]> {
    return m.getRepository(BiTest).find({ where: { loadId }, order: { placedAt: 'ASC' } });
  }

  async loadVerdict(m: EntityManager, loadId: string): Promise<string> {
    const [{ verdict }] = await m.query(RELEASE_SQL.loadVerdict, [loadId]);
    return verdict;
  }

  lockLoadsReleasedUnderFailedControl(
    m: EntityManager,
    control: { productId: string | null; lot: string; controlDate: string },
  ): Promise<
    {
      id: string;
      status: LoadStatus;
      release: LoadRelease;
      cycle_no: number;
      code: string;
      method: SterilizationMethod;
      contains_implant: boolean;
    }[]
  > {
    return m.query(RELEASE_SQL.loadsReleasedUnderFailedControl, [control.productId, control.lot, control.controlDate]);
  }

  packsOfLoad(m: EntityManager, loadId: string): Promise<{ id: string; state: string; implant: boolean }[]> {
    return m.query(RELEASE_SQL.packsOfLoad, [loadId]);
  }

  lockPacksByBarcode(
    m: EntityManager,
    loadId: string,
    barcodes: string[],
  ): Promise<{ id: string; barcode: string; implant: boolean; state: string }[]> {
    return m.query(RELEASE_SQL.lockPacksByBarcode, [loadId, barcodes]);
  }

  async insertEmergencyRelease(m: EntityManager, release: Partial<EmergencyRelease>): Promise<void> {
    await m.getRepository(EmergencyRelease).insert(release);
  }
}
