import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { columnsOf, hydrate } from '../database/hydrate.js';
import { getById, preparedQuery } from '../database/prepared.js';
import { DomainError } from '../common/errors/domain-error.js';
import { packBarcode } from '../kernel/barcode.js';
import { CLOSED_STATES, nextState, PACK_ACTIONS, STATE_LABELS, type PackAction, type PackState } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { rememberNames } from '../kernel/pack-summary.js';
import type { Scanned } from '../kernel/scan.js';
import { RELABEL, type PackEventType, type PackNote } from '../kernel/pack-event-types.js';
import { PACK_LEDGER_SQL, PacksRepository, type PackColumn } from './packs.repository.js';
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
  /** Every event's time comes from the service's clock, never from the database's clock. */
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PacksRepository) private readonly packs: PacksRepository = new PacksRepository(),
  ) {}

  async lockByBarcode(m: EntityManager, barcode: string, opts: { allowSuperseded?: boolean } = {}): Promise<Pack> {
    const pack = await this.packs.lockByBarcode(m, barcode);
    if (!pack) return this.refuseUnknown(m, barcode);
    if (pack.replacedByPackId && !opts.allowSuperseded) await this.refuseDeadLabel(m, pack);
    return pack;
  }

  /**
   * A pack as a department may act on it (§5): only one dispatched to that department. Any other
   * pack — another department's, or one still in the CSSD — is refused with `notOwn` (by default
   * exactly as an unknown barcode), and a voided label answers as unknown unless its pack is the
   * department's: nothing tells whose a pack is.
   */
  async lockDepartmentPack(m: EntityManager, barcode: string, departmentId: string, notOwn?: () => DomainError): Promise<Pack> {
    const unknown = () => new DomainError('UNKNOWN_BARCODE', { code: barcode });
    const pack = await this.lockByBarcode(m, barcode, { allowSuperseded: true }).catch(async (e: unknown) => {
      if (e instanceof DomainError && e.code === 'LABEL_VOIDED') {
        const row = await this.packs.voidedLabelDepartment(m, barcode);
        if (!row || row.department_id !== departmentId) throw unknown();
      }
      throw e;
    });
    if (pack.departmentId === null || pack.departmentId !== departmentId) throw (notOwn ?? unknown)();
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
      const pack = await getById(m, Pack, voided.packId);
      throw new DomainError(
        'LABEL_VOIDED',
        { replacement: pack.barcode ?? voided.replacedBy },
        { barcode, replacedBy: pack.barcode, reason: voided.reason },
      );
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
    const now = this.clock.instant();
    await m.getRepository(Pack).update({ id: pack.id }, { barcode, updatedAt: now });
    await m
      .getRepository(VoidedLabel)
      .insert({ barcode: old, packId: pack.id, replacedBy: barcode, reason: reason.slice(0, 200), voidedBy: ctx.actor.id, voidedAt: now });
    pack.barcode = barcode;
    await this.record(m, pack, RELABEL, ctx, { data: { oldBarcode: old, barcode, reason } });
    return barcode;
  }

  /**
   * §3.1: a set's new cycle supersedes its previous pack, whose cycle is over — from now on that
   * pack's label is dead and names the new pack (refuseDeadLabel). Only a closed pack, and once.
   */
  async supersede(m: EntityManager, previous: Pack, next: Pack): Promise<void> {
    // The caller closed it first (used, returned, …) and holds it locked: anything else is a bug.
    if (!CLOSED_STATES.includes(previous.state) || previous.replacedByPackId)
      throw new Error(`pack ledger: pack ${previous.id} (${previous.state}) cannot be superseded`);
    await this.packs.supersede(m, previous.id, next.id, this.clock.instant());
    previous.replacedByPackId = next.id;
  }

  async lockById(m: EntityManager, id: string): Promise<Pack> {
    const pack = await m.getRepository(Pack).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!pack) throw new DomainError('PACK_NOT_FOUND');
    return pack;
  }

  /** A set by its asset code, locked: recycling the same set at two stations cannot both win. */
  async lockSet(m: EntityManager, assetCode: string): Promise<InstrumentSet> {
    const set = await this.packs.lockSet(m, assetCode);
    if (!set) throw new DomainError('UNKNOWN_BARCODE', { code: assetCode });
    return set;
  }

  /** The pack a pre-packing station means: the current cycle of the scanned set. */
  async lockCurrentBySetCode(m: EntityManager, assetCode: string): Promise<Pack> {
    const pack = await this.packs.lockCurrentBySetCode(m, assetCode);
    if (pack) return pack;
    const set = await m.getRepository(InstrumentSet).findOneBy({ assetCode });
    if (!set) throw new DomainError('UNKNOWN_BARCODE', { code: assetCode });
    // A set never recycled has no cycle yet: it must start at decontamination.
    throw new DomainError('PACK_WRONG_STATE', { state: 'none', stateZh: '未回收', stateEn: 'not collected yet' }, { state: null });
  }

  /** The set's newest pack (its current cycle), locked. Null for a set never processed. */
  async lockCurrentOfSet(m: EntityManager, setId: string): Promise<Pack | null> {
    return this.packs.lockCurrentOfSet(m, setId);
  }

  /** §3.1: a reprocessed set's old label is dead; the refusal names the pack that replaced it. */
  async refuseDeadLabel(m: EntityManager, pack: Pack): Promise<never> {
    let current = pack;
    // Follow the chain to the newest pack of the set (a label may be several cycles old).
    for (let i = 0; i < 1000 && current.replacedByPackId; i++) {
      current = await getById(m, Pack, current.replacedByPackId);
    }
    // Not packed yet: name the set and its cycle instead of a barcode that does not exist.
    const set = current.barcode ? null : await m.getRepository(InstrumentSet).findOneBy({ id: current.setId ?? '' });
    const label = STATE_LABELS[current.state];
    const cycle = `${set?.assetCode ?? '—'} #${current.cycleNo ?? '?'}`;
    const replacement = current.barcode ?? { zh: `${cycle}（${label.zh}）`, en: `${cycle} (${label.en})` };
    throw new DomainError(
      'PACK_SUPERSEDED',
      { replacement },
      {
        barcode: pack.barcode,
        replacedBy: current.barcode,
        replacedByState: current.state,
        setAssetCode: set?.assetCode ?? null,
        cycleNo: current.cycleNo,
      },
    );
  }

  async nextBarcode(m: EntityManager): Promise<string> {
    return packBarcode(await this.packs.nextBarcodeNumber(m));
  }

  /** Moves the pack by `action` (or refuses with 409 naming its state) and records the event. */
  step(m: EntityManager, pack: Pack, action: PackAction, ctx: StepContext, opts: StepOptions = {}): Promise<void> {
    return this.stepEach(m, [{ pack, action, ...opts }], ctx);
  }

  /**
   * Moves each locked pack by its own action (all checked by the state machine first: one
   * refusal moves none) and records one event each, in one statement: a load of 30 packs is
   * one round trip to PostgreSQL, not 60. The packs' own objects get their new columns.
   */
  async stepEach(m: EntityManager, moves: PackMove[], ctx: StepContext): Promise<void> {
    // Every state is checked before anything is written.
    await this.write(
      m,
      moves.map((mv) => ({ ...mv, type: mv.action, to: nextState(mv.pack.state, mv.action) })),
      ctx,
    );
  }

  /**
   * Events that change some of each locked pack's columns but not its state (a correction: a
   * shorter expiry when sterile storage leaves its limits, seed 13.4). One statement for all,
   * as `stepEach`; the event's from and to state are the pack's current state.
   */
  async amendEach(m: EntityManager, amendments: PackAmendment[], ctx: StepContext): Promise<void> {
    await this.write(
      m,
      amendments.map((a) => ({ ...a, to: a.pack.state })),
      ctx,
    );
  }

  private async write(
    m: EntityManager,
    moves: (StepOptions & { pack: Pack; type: PackEventType; to: PackState })[],
    ctx: StepContext,
  ): Promise<void> {
    if (moves.length === 0) return;
    const rows = moves.map(({ pack, type, to, changes, data, secondActorId }) => ({
      ...changes,
      id: pack.id,
      from: pack.state,
      to,
      type,
      data: data ?? {},
      second: secondActorId ?? null,
    }));
    // Every move sets the same columns: those any of them changes (a move that leaves one
    // alone keeps its current value).
    const columns = [...new Set(moves.flatMap((mv) => Object.keys(mv.changes ?? {})))].map((prop) => packColumn(m, prop));
    const input = rows.map((r, ord) => {
      const row: Record<string, unknown> = {
        id: r.id,
        ord,
        from_state: r.from,
        to_state: r.to,
        type: r.type,
        data: r.data,
        second: r.second,
      };
      for (const c of columns) {
        const has = Object.prototype.hasOwnProperty.call(r, c.prop);
        row[c.name] = has ? (r as Record<string, unknown>)[c.prop] : null;
        row[`${c.name}__set`] = has;
      }
      return row;
    });
    // Each moved pack comes back with the names its scan's answer shows (no query of its own).
    const moved = await preparedQuery<{
      id: string;
      code: string;
      name_zh: string;
      name_en: string;
      asset_code: string | null;
      events: number;
    }>(m, PACK_LEDGER_SQL.move(columns), [JSON.stringify(input), ctx.actor.id, ctx.station, this.clock.instant()]);
    // The callers hold the packs locked: a pack that was not where the caller saw it is a bug.
    const events = moved[0]?.events ?? 0;
    if (moved.length !== moves.length || events !== moves.length)
      throw new Error(`pack ledger: ${moved.length} of ${moves.length} packs moved, ${events} events`);
    const names = new Map(moved.map((r) => [r.id, { code: r.code, nameZh: r.name_zh, nameEn: r.name_en, assetCode: r.asset_code }]));
    for (const [i, mv] of moves.entries()) {
      Object.assign(mv.pack, mv.changes ?? {}, { state: rows[i].to });
      rememberNames(mv.pack, names.get(mv.pack.id)!);
    }
  }

  /**
   * Moves every pack selected by `idsSql` that the state machine allows to take `action`,
   * set-based (one statement for a recall of thousands of packs), with one event each.
   * Packs in other states are left as they are. Returns the ids moved.
   */
  async stepMany(
    m: EntityManager,
    idsSql: string,
    idsParams: unknown[],
    action: PackAction,
    ctx: StepContext,
    data: Record<string, unknown> = {},
  ): Promise<string[]> {
    const rule = PACK_ACTIONS[action];
    const rows: { pack_id: string }[] = await m.query(PACK_LEDGER_SQL.moveMany(idsSql, idsParams.length), [
      ...idsParams,
      rule.from,
      rule.to,
      action,
      ctx.actor.id,
      ctx.station,
      JSON.stringify(data),
      this.clock.instant(),
    ]);
    return rows.map((r) => r.pack_id);
  }

  /** A new pack (a new cycle of a set, or a dressing pack) with its first event. */
  async create(
    m: EntityManager,
    init: Partial<Pack> & { state: PackState; templateId: string },
    type: PackEventType,
    ctx: StepContext,
    opts: Omit<StepOptions, 'changes'> = {},
  ): Promise<Pack> {
    // The pack, its first event and the names its answer shows, in one statement.
    const now = this.clock.instant();
    init = { createdAt: now, updatedAt: now, ...init };
    const columns = Object.keys(init)
      .filter((k) => init[k as keyof Pack] !== undefined)
      .map((prop) => packColumn(m, prop, true));
    const values = columns.map((c) => init[c.prop as keyof Pack]);
    const [row] = await preparedQuery(
      m,
      PACK_LEDGER_SQL.create(columns, (target, alias) => columnsOf(m, target, alias)),
      [...values, type, ctx.actor.id, opts.secondActorId ?? null, ctx.station, JSON.stringify(opts.data ?? {}), now],
    );
    if (!row || row.__events !== 1) throw new Error(`create: pack or its event not written`);
    const pack = hydrate(m, Pack, row);
    rememberNames(pack, {
      code: row.__code as string,
      nameZh: row.__name_zh as string,
      nameEn: row.__name_en as string,
      assetCode: row.__asset_code as string | null,
    });
    return pack;
  }

  /** An event that does not change the state (a note, a reprint, a correction). */
  async record(m: EntityManager, pack: Pack, type: PackNote, ctx: StepContext, opts: Omit<StepOptions, 'changes'> = {}): Promise<void> {
    await this.packs.recordEvent(m, {
      packId: pack.id,
      type,
      state: pack.state,
      actorId: ctx.actor.id,
      secondActorId: opts.secondActorId ?? null,
      station: ctx.station,
      data: JSON.stringify(opts.data ?? {}),
      at: this.clock.instant(),
    });
  }
}

/** One pack's move in `stepEach`. */
export interface PackMove extends StepOptions {
  pack: Pack;
  action: PackAction;
}

/** One pack's amendment in `amendEach`: an event of `type` that sets `changes`, the state unchanged. */
export interface PackAmendment extends StepOptions {
  pack: Pack;
  type: PackNote;
  changes: Partial<Pack>;
}

const packColumns = new WeakMap<object, Map<string, PackColumn>>();

/** A column of `packs` by its property name, with its SQL type (for jsonb_to_recordset) — one a move or a new pack may set. */
function packColumn(m: EntityManager, prop: string, inserting = false): PackColumn {
  // A move changes the state only through the state machine, and never the id.
  if (!inserting && (prop === 'state' || prop === 'id')) throw new Error(`a move cannot set "${prop}"`);
  let cache = packColumns.get(m.connection);
  if (!cache) packColumns.set(m.connection, (cache = new Map()));
  let col = cache.get(prop);
  if (!col) {
    const meta = m.connection.getMetadata(Pack).findColumnWithPropertyName(prop);
    if (!meta) throw new Error(`packs has no column "${prop}"`);
    col = { prop, name: meta.databaseName, type: m.connection.driver.normalizeType(meta) };
    cache.set(prop, col);
  }
  return col;
}
