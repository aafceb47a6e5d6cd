import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { findById } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import type { Pack } from '../kernel/pack.entity.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/** Dispatch's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const DISPATCH_SQL = {
  /**
   * First-expiry-first-out: the stored, unexpired ($3: today) pack of template $1 that expires
   * first, earlier than $2, other than pack $4. ORDER BY names the column: an output alias of the
   * same name would sort the to_char text and read every stored pack of the template instead of
   * the first few index entries.
   */
  earlierStoredPack: `SELECT barcode, to_char(expiry_date, 'YYYY-MM-DD') AS expiry, storage_location
         FROM packs
        WHERE state = 'stored' AND template_id = $1 AND expiry_date < $2 AND expiry_date >= $3 AND id <> $4
        ORDER BY packs.expiry_date, packs.barcode
        LIMIT 1`,
  /** The loaner tray whose set is $1, if any, with its operation's department (issue 16). */
  loanerOfSet: `SELECT t.code, d.id AS "departmentId", d.name_zh AS "departmentNameZh", d.name_en AS "departmentNameEn"
         FROM loaner_trays t JOIN departments d ON d.id = t.department_id
        WHERE t.set_id = $1`,
} as const satisfies Statements;

/** What dispatch reads besides the pack ledger; transactions stay the service's. */
@Injectable()
export class DispatchRepository {
  static readonly statements = DISPATCH_SQL;

  department(m: EntityManager, id: string): Promise<Department | null> {
    return findById(m, Department, id);
  }

  /** The load a pack points at, if any. */
  loadOf(m: EntityManager, pack: Pick<Pack, 'loadId'>): Promise<SterilizerLoad | null> {
    return pack.loadId ? findById(m, SterilizerLoad, pack.loadId) : Promise.resolve(null);
  }

  /** See DISPATCH_SQL.loanerOfSet. */
  async loanerOfSet(
    m: EntityManager,
    setId: string,
  ): Promise<{ code: string; departmentId: string; departmentNameZh: string; departmentNameEn: string } | null> {
    const [row] = await m.query(DISPATCH_SQL.loanerOfSet, [setId]);
    return row ?? null;
  }

  /** See DISPATCH_SQL.earlierStoredPack. */
  async earlierStoredPack(
    m: EntityManager,
    pack: Pick<Pack, 'id' | 'templateId' | 'expiryDate'>,
    today: string,
  ): Promise<{ barcode: string; expiry: string; storage_location: string | null } | undefined> {
    const [row] = await m.query(DISPATCH_SQL.earlierStoredPack, [pack.templateId, pack.expiryDate, today, pack.id]);
    return row;
  }
}
