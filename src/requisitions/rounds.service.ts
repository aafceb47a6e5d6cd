import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { DomainError, type Localized } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import type { SignRoundDto } from './dto/requisitions.dto.js';
import { reconcile, requisitionCode, roundCode, roundStatus, type RoundKind } from './requisition-rules.js';
import { RequisitionsRepository, type RoundRow } from './requisitions.repository.js';
import { Round, RoundClosing, RoundItem, RoundSignature, RoundSignatureLine } from './round.entity.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/** What a scan puts on a manifest. */
export interface RoundItemInput {
  packId: string;
  templateId: string;
  setId: string | null;
  barcode: string | null;
  requisitionId?: string | null;
  handedOverBy?: string | null;
}

/**
 * Delivery and collection rounds and their manifests (seed 15.4, 11.3): every dispatch scan puts
 * its pack on the open delivery round of its department, every recycling scan on the open
 * collection round of the department it was collected from (a round opens with its first scan).
 * The CSSD closes a round — its manifest is final, printed or on screen — and the department
 * signs it by counting, template by template: a difference is recorded with its note, not lost.
 * A delivery count that matches confirms the receipt of those packs (the receipt step a scan of
 * each label would record, §3.2 step 6), built on the pack ledger, not beside it.
 */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(RequisitionsRepository) private readonly repo: RequisitionsRepository,
  ) {}

  /**
   * A scanned pack onto the open round of its department and kind (opened by this scan when there
   * is none), in the scan's transaction. The rounds of a department and kind are serialized
   * meanwhile, so a closing never misses a pack scanned at the same moment.
   */
  async add(m: EntityManager, ctx: StepContext, kind: RoundKind, departmentId: string, item: RoundItemInput) {
    await this.repo.lockRounds(m, departmentId, kind);
    const now = this.clock.instant();
    let round = await this.repo.openRound(m, departmentId, kind);
    if (!round) {
      const no = await this.repo.nextRoundNo(m);
      const saved = await m
        .getRepository(Round)
        .save(m.getRepository(Round).create({ no, kind, departmentId, openedBy: ctx.actor.id, openedAt: now, station: ctx.station }));
      round = { id: saved.id, no };
    }
    await m.getRepository(RoundItem).insert({
      roundId: round.id,
      packId: item.packId,
      templateId: item.templateId,
      setId: item.setId,
      barcode: item.barcode,
      requisitionId: item.requisitionId ?? null,
      handedOverBy: item.handedOverBy ?? null,
      actorId: ctx.actor.id,
      at: now,
    });
    return { id: round.id, code: roundCode(kind, round.no) };
  }

  private view(r: RoundRow) {
    return {
      id: r.id,
      no: r.no,
      code: roundCode(r.kind, r.no),
      kind: r.kind,
      departmentId: r.departmentId,
      departmentCode: r.departmentCode,
      departmentNameZh: r.departmentNameZh,
      departmentNameEn: r.departmentNameEn,
      status: roundStatus(r.closedAt !== null, r.signedAt !== null ? { reconciled: !!r.reconciled } : null),
      station: r.station,
      openedAt: iso(r.openedAt)!,
      openedByName: r.openedByName,
      closedAt: iso(r.closedAt),
      closedByName: r.closedByName,
      signedAt: iso(r.signedAt),
      signedByName: r.signedByName,
      signatureNote: r.signatureNote,
      items: r.items,
    };
  }

  /** Rounds, newest first; a department user sees its own only. */
  async list(actor: Actor, q: { kind?: RoundKind; departmentId?: string; status?: 'open' | 'unsigned' | 'signed' }) {
    const departmentId = actor.role === 'department' ? actor.departmentId : (q.departmentId ?? null);
    return (await this.repo.rounds(this.db, { departmentId, kind: q.kind ?? null, status: q.status ?? null })).map((r) => this.view(r));
  }

  private async row(m: EntityManager, actor: Actor, id: string): Promise<RoundRow> {
    const [row] = await this.repo.rounds(m, { id, departmentId: actor.role === 'department' ? actor.departmentId : null });
    if (!row) throw new DomainError('ROUND_NOT_FOUND');
    return row;
  }

  /** A manifest: per template what left (or came back) and, once signed, the department's count; the packs in scan order. */
  async get(actor: Actor, id: string, m: EntityManager = this.db.manager) {
    const row = await this.row(m, actor, id);
    // One after the other: inside a closing's or a signature's transaction they share its one connection.
    const items = await this.repo.roundItems(m, id);
    const signed = await this.repo.signatureLines(m, id);
    const lines = new Map<string, { templateId: string; templateCode: string; nameZh: string; nameEn: string; expected: number }>();
    for (const i of items) {
      const l = lines.get(i.templateId) ?? {
        templateId: i.templateId,
        templateCode: i.templateCode,
        nameZh: i.nameZh,
        nameEn: i.nameEn,
        expected: 0,
      };
      l.expected += 1;
      lines.set(i.templateId, l);
    }
    // A template the department counted that was not on the manifest (expected 0) is a line too.
    for (const s of signed) if (!lines.has(s.templateId)) lines.set(s.templateId, { ...s, expected: 0 });
    const count = new Map(signed.map((s) => [s.templateId, s]));
    return {
      ...this.view(row),
      lines: [...lines.values()]
        .sort((a, b) => a.templateCode.localeCompare(b.templateCode))
        .map((l) => {
          const s = count.get(l.templateId);
          return { ...l, counted: s?.counted ?? null, difference: s?.difference ?? null, note: s?.note ?? null };
        }),
      packs: items.map((i) => ({
        barcode: i.barcode,
        templateCode: i.templateCode,
        nameZh: i.nameZh,
        nameEn: i.nameEn,
        setAssetCode: i.setAssetCode,
        state: i.state,
        requisitionCode: i.requisitionNo === null ? null : requisitionCode(i.requisitionNo),
        handedOverBy: i.handedOverBy,
        actorName: i.actorName,
        at: iso(i.at)!,
      })),
    };
  }

  /** The CSSD ends a round: its manifest is final (the next scan for the department opens a new round). */
  close(actor: Actor, id: string) {
    return this.db.transaction(async (m) => {
      const row = await this.row(m, actor, id);
      await this.repo.lockRounds(m, row.departmentId, row.kind);
      if (row.closedAt !== null) throw new DomainError('ROUND_CLOSED', { no: roundCode(row.kind, row.no) });
      try {
        await m.getRepository(RoundClosing).insert({ roundId: id, closedBy: actor.id, closedAt: this.clock.instant() });
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('ROUND_CLOSED', { no: roundCode(row.kind, row.no) });
        throw e;
      }
      return this.get(actor, id, m);
    });
  }

  /**
   * The department signs a closed manifest by counting each template (seed 15.4, 11.3): the count
   * is reconciled with the manifest and a difference is recorded with its note; who signed and
   * when. On a delivery, the packs of each template whose count matches are received by the
   * signature (their receipt step, as a scan of each label records it); a template with a
   * difference is left for the department to receive pack by pack.
   */
  sign(ctx: StepContext, id: string, dto: SignRoundDto) {
    const actor = ctx.actor;
    return this.db.transaction(async (m) => {
      const row = await this.row(m, actor, id);
      const code = roundCode(row.kind, row.no);
      if (row.closedAt === null) throw new DomainError('ROUND_OPEN', { no: code });
      if (row.signedAt !== null) throw new DomainError('ROUND_SIGNED', { no: code });
      const items = await this.repo.roundItems(m, id);
      const expected = new Map<string, number>();
      for (const i of items) expected.set(i.templateId, (expected.get(i.templateId) ?? 0) + 1);
      const ids = [...new Set([...expected.keys(), ...dto.lines.map((l) => l.templateId)])];
      const templates = new Map((await this.repo.templates(m, ids)).map((t) => [t.id, t]));
      if (ids.some((t) => !templates.has(t))) throw new DomainError('TEMPLATE_NOT_FOUND');
      const name = (templateId: string): Localized => {
        const t = templates.get(templateId)!;
        return { zh: `${t.code} ${t.nameZh}`, en: `${t.code} ${t.nameEn}` };
      };
      const { lines, reconciled } = reconcile(expected, dto.lines, name);
      let signatureId: string;
      try {
        const saved = await m.getRepository(RoundSignature).save(
          m.getRepository(RoundSignature).create({
            roundId: id,
            reconciled,
            note: dto.note || null,
            signedBy: actor.id,
            signedAt: this.clock.instant(),
          }),
        );
        signatureId = saved.id;
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('ROUND_SIGNED', { no: code });
        throw e;
      }
      await m.getRepository(RoundSignatureLine).insert(lines.map((l) => ({ signatureId, ...l })));
      if (row.kind === 'delivery') {
        const matching = lines.filter((l) => l.difference === 0 && l.expected > 0).map((l) => l.templateId);
        const packIds = matching.length ? await this.repo.packsToReceive(m, id, matching) : [];
        const packs = [];
        for (const packId of packIds) packs.push(await this.ledger.lockById(m, packId));
        await this.ledger.stepEach(
          m,
          packs
            .filter((p) => p.state === 'dispatched')
            .map((pack) => ({ pack, action: 'receive' as const, data: { roundId: id, manifest: code } })),
          ctx,
        );
      }
      return this.get(actor, id, m);
    });
  }
}
