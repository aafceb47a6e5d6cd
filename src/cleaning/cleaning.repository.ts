import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WasherProgram } from '../catalog/washer-program.entity.js';
import { Washer } from '../catalog/washer.entity.js';
import { findById, getById } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { Pack } from '../kernel/pack.entity.js';
import { WasherCycle } from '../kernel/washer-cycle.entity.js';

/** Cleaning's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const CLEANING_SQL = {
  /** The washer's next cycle number (the washer row is locked: numbering is serialised per washer). */
  nextCycleNo: 'SELECT coalesce(max(cycle_no), 0) + 1 AS n FROM washer_cycles WHERE washer_id = $1',
} as const satisfies Statements;

/** What cleaning reads and writes besides the pack ledger; transactions stay the service's. */
@Injectable()
export class CleaningRepository {
  static readonly statements = CLEANING_SQL;

  lockWasher(m: EntityManager, id: string): Promise<Washer | null> {
    return findById(m, Washer, id, { lock: true });
  }

  washer(m: EntityManager, id: string): Promise<Washer> {
    return getById(m, Washer, id);
  }

  /** The washer's program with this id (null when it is another washer's). */
  programOf(m: EntityManager, washerId: string, id: string): Promise<WasherProgram | null> {
    return m.getRepository(WasherProgram).findOneBy({ id, washerId });
  }

  program(m: EntityManager, id: string): Promise<WasherProgram> {
    return getById(m, WasherProgram, id);
  }

  async nextCycleNo(m: EntityManager, washerId: string): Promise<number> {
    const [{ n }] = await m.query(CLEANING_SQL.nextCycleNo, [washerId]);
    return n;
  }

  insertCycle(m: EntityManager, cycle: Partial<WasherCycle>): Promise<WasherCycle> {
    return m.getRepository(WasherCycle).save(m.getRepository(WasherCycle).create(cycle));
  }

  cycle(m: EntityManager, id: string): Promise<WasherCycle | null> {
    return m.getRepository(WasherCycle).findOneBy({ id });
  }

  lockCycle(m: EntityManager, id: string): Promise<WasherCycle | null> {
    return findById(m, WasherCycle, id, { lock: true });
  }

  async completeCycle(m: EntityManager, id: string, run: Partial<WasherCycle>): Promise<void> {
    await m.getRepository(WasherCycle).update({ id }, run);
  }

  /** Every pack the cycle held, in the order they last changed. */
  packsOfCycle(m: EntityManager, cycleId: string): Promise<Pack[]> {
    return m.getRepository(Pack).find({ where: { washerCycleId: cycleId }, order: { updatedAt: 'ASC' } });
  }

  /** The packs still washing in the cycle, locked in id order. */
  lockWashingPacks(m: EntityManager, cycleId: string): Promise<Pack[]> {
    return m
      .getRepository(Pack)
      .find({ where: { washerCycleId: cycleId, state: 'washing' }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }
}
