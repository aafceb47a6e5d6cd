import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import { packBarcode } from './barcode.js';
import { PackEvent } from './pack-event.entity.js';
import { nextState, PACK_ACTIONS, STATE_LABELS, type PackAction, type PackState } from './pack-state.js';
import { Pack } from './pack.entity.js';
import type { Scanned } from './scan.js';
import { VoidedLabel } from './voided-label.entity.js';

/** Who acts, and where: recorded on every event. */
export interface StepContext {
  actor: Actor;
  station: string | null;
}

export interface StepOptions {
  /** Columns of the pack that this step sets (besides its state). */
  changes?: Partial<Pack>;
  data?: Record<string, unknown>;
  secondActorId?: string | null;
}

/**
 * The only writer of pack state. Every stage locks the pack (FOR UPDATE, so two stations
 * scanning the same pack cannot both win), asks the state machine, then writes the new
 * state and its event in the caller's transaction: both or neither.
 */
@Injectable()
export class PackLedger {
  async lockByBarcode(m: EntityManager, barcode: string, opts: { allowSuperseded?: boolean } = {}): Promise<Pack> {
    const pack = await m.getRepository(Pack).findOne({ where: { barcode }, lock: { mode: 'pessimistic_write' } });
    if (!pack) return this.refuseUnknown(m, barcode);
    if (pack.replacedByPackId && !opts.allowSuperseded) await this.refuseDeadLabel(m, pack);
    return pack;
  }

  /** A pack's or a set's current pack by whatever was scanned (pack label or set asset code), locked. */
  lockScanned(m: EntityManager, scan: Scanned): Promise<Pack> {
    return scan.kind === 'set' ? this.lockCurrentBySetCode(m, scan.assetCode) : this.lockByBarcode(m, scan.barcode);
  }

  /** No pack has this barcode: a voided label names the barcode that replaced it; anything else is unknown. */
  async refuseUnknown(m: EntityManager, barcode: string): Promise<never> {
    const voided = await m.getRepository(VoidedLabel).findOneBy({ barcode });
    if (voided) {
      const pack = await m.getRepository(Pack).findOneByOrFail({ id: voided.packId });
      throw new DomainError('LABEL_VOIDED', { replacement: pack.barcode ?? voided.replacedBy }, { barcode, replacedBy: pack.barcode, reason: voided.reason });
    }
    throw new DomainError('UNKNOWN_BARCODE', { code: barcode });
  }

  /**
   * The pack's printed label stopped being true (it names a load the pack has left): its
   * barcode is voided and the pack gets a new one, to be printed. The old label is refused at
   * every station, naming the new barcode.
   */
  async relabel(m: EntityManager, pack: Pack, ctx: StepContext, reason: string): Promise<string> {
    const old = pack.barcode!;
    const barcode = await this.nextBarcode(m);
    await m.getRepository(Pack).update({ id: pack.id }, { barcode });
    await m.getRepository(VoidedLabel).insert({ barcode: old, packId: pack.id, replacedBy: barcode, reason: reason.slice(0, 200), voidedBy: ctx.actor.id });
    pack.barcode = barcode;
    await this.record(m, pack, 'relabel', ctx, { data: { oldBarcode: old, barcode, reason } });
    return barcode;
  }

  async lockById(m: EntityManager, id: string): Promise<Pack> {
    const pack = await m.getRepository(Pack).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!pack) throw new DomainError('PACK_NOT_FOUND');
    return pack;
  }

  /** A set by its asset code, locked: recycling the same set at two stations cannot both win. */
  async lockSet(m: EntityManager, assetCode: string): Promise<InstrumentSet> {
    const set = await m.getRepository(InstrumentSet).findOne({ where: { assetCode }, lock: { mode: 'pessimistic_write' } });
    if (!set) throw new DomainError('UNKNOWN_BARCODE', { code: assetCode });
    return set;
  }

  /** The pack a pre-packing station means: the current cycle of the scanned set. */
  async lockCurrentBySetCode(m: EntityManager, assetCode: string): Promise<Pack> {
    const set = await m.getRepository(InstrumentSet).findOneBy({ assetCode });
    if (!set) throw new DomainError('UNKNOWN_BARCODE', { code: assetCode });
    const pack = await this.lockCurrentOfSet(m, set.id);
    // A set never recycled has no cycle yet: it must start at decontamination.
    if (!pack) throw new DomainError('PACK_WRONG_STATE', { state: 'none', stateZh: '未回收', stateEn: 'not collected yet' }, { state: null });
    return pack;
  }

  /** The set's newest pack (its current cycle), locked. Null for a set never processed. */
  async lockCurrentOfSet(m: EntityManager, setId: string): Promise<Pack | null> {
    return m.getRepository(Pack).findOne({
      where: { setId },
      order: { createdAt: 'DESC', id: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** §3.1: a reprocessed set's old label is dead; the refusal names the pack that replaced it. */
  async refuseDeadLabel(m: EntityManager, pack: Pack): Promise<never> {
    let current = pack;
    // Follow the chain to the newest pack of the set (a label may be several cycles old).
    for (let i = 0; i < 1000 && current.replacedByPackId; i++) {
      current = await m.getRepository(Pack).findOneByOrFail({ id: current.replacedByPackId });
    }
    // Not packed yet: name the set and its cycle instead of a barcode that does not exist.
    const set = current.barcode ? null : await m.getRepository(InstrumentSet).findOneBy({ id: current.setId ?? '' });
    const replacement = current.barcode ?? `${set?.assetCode ?? '—'} #${current.cycleNo ?? '?'} (${STATE_LABELS[current.state].zh} / ${STATE_LABELS[current.state].en})`;
    throw new DomainError('PACK_SUPERSEDED', { replacement }, { barcode: pack.barcode, replacedBy: current.barcode, replacedByState: current.state, setAssetCode: set?.assetCode ?? null, cycleNo: current.cycleNo });
  }

  async nextBarcode(m: EntityManager): Promise<string> {
    const [row] = await m.query(`SELECT nextval('pack_barcode_seq') AS n`);
    return packBarcode(BigInt(row.n));
  }

  /** Moves the pack by `action` (or refuses with 409 naming its state) and records the event. */
  async step(m: EntityManager, pack: Pack, action: PackAction, ctx: StepContext, opts: StepOptions = {}): Promise<PackEvent> {
    const from = pack.state;
    const to = nextState(from, action);
    Object.assign(pack, opts.changes ?? {}, { state: to });
    await m.getRepository(Pack).update({ id: pack.id }, { ...(opts.changes ?? {}), state: to });
    return this.insertEvent(m, pack.id, action, from, to, ctx, opts);
  }

  /**
   * Moves every pack selected by `idsSql` that the state machine allows to take `action`,
   * set-based (one statement for a recall of thousands of packs), with one event each.
   * Packs in other states are left as they are. Returns the ids moved.
   */
  async stepMany(m: EntityManager, idsSql: string, idsParams: unknown[], action: PackAction, ctx: StepContext, data: Record<string, unknown> = {}): Promise<string[]> {
    const rule = PACK_ACTIONS[action];
    const n = idsParams.length;
    const rows: { pack_id: string }[] = await m.query(
      `WITH old AS (
          SELECT id, state FROM packs WHERE id IN (${idsSql}) AND state = ANY($${n + 1}::text[]) ORDER BY id FOR UPDATE
        ), moved AS (
          UPDATE packs p SET state = $${n + 2}, updated_at = now() FROM old WHERE p.id = old.id RETURNING p.id, old.state AS from_state
        )
        INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data)
        SELECT id, $${n + 3}, from_state, $${n + 2}, $${n + 4}, $${n + 5}, $${n + 6}::jsonb FROM moved
        RETURNING pack_id`,
      [...idsParams, rule.from, rule.to, action, ctx.actor.id, ctx.station, JSON.stringify(data)],
    );
    return rows.map((r) => r.pack_id);
  }

  /** A new pack (a new cycle of a set, or a dressing pack) with its first event. */
  async create(m: EntityManager, init: Partial<Pack> & { state: PackState; templateId: string }, type: string, ctx: StepContext, opts: Omit<StepOptions, 'changes'> = {}): Promise<Pack> {
    const pack = await m.getRepository(Pack).save(m.getRepository(Pack).create(init));
    await this.insertEvent(m, pack.id, type, null, pack.state, ctx, opts);
    return pack;
  }

  /** An event that does not change the state (a note, a reprint, a correction). */
  record(m: EntityManager, pack: Pack, type: string, ctx: StepContext, opts: Omit<StepOptions, 'changes'> = {}): Promise<PackEvent> {
    return this.insertEvent(m, pack.id, type, pack.state, pack.state, ctx, opts);
  }

  private insertEvent(m: EntityManager, packId: string, type: string, from: PackState | null, to: PackState, ctx: StepContext, opts: Omit<StepOptions, 'changes'>): Promise<PackEvent> {
    const repo = m.getRepository(PackEvent);
    return repo.save(
      repo.create({
        packId,
        type,
        fromState: from,
        toState: to,
        actorId: ctx.actor.id,
        secondActorId: opts.secondActorId ?? null,
        station: ctx.station,
        data: opts.data ?? {},
      }),
    );
  }
}
