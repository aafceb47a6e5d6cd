import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import type { Actor } from '../common/auth/current-user.js';
import type { Role } from '../common/auth/roles.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EquipmentService } from '../equipment/equipment.service.js';
import { MonitoringDeskService } from '../monitoring/monitoring-desk.service.js';
import { CorrectiveActionsService } from '../quality-checks/corrective-actions.service.js';
import { RecallService } from '../recall/recall.service.js';
import { reportPeriod } from '../reports/period.js';
import { periodLabel } from '../reports/report-table.js';
import { SterilizationRepository } from '../sterilization/sterilization.repository.js';
import type {
  CorrectHandoverDto,
  DraftHandoverDto,
  HandoverRegisterQuery,
  RecordChecklistDto,
  SignHandoverDto,
} from './dto/shift-handover.dto.js';
import { checklistAnswers } from './checklist.js';
import { handoverDocument } from './shift-handover-export.js';
import {
  HANDOVER_ZONE_NAMES,
  type HandoverZone,
  ShiftHandover,
  ShiftHandoverChecklist,
  ShiftHandoverCorrection,
  ShiftHandoverSignature,
  type HandoverSnapshot,
} from './shift-handover.entity.js';
import { ShiftHandoverRepository, type HandoverRow, type HandoverState } from './shift-handover.repository.js';
import { SHIFTS } from './shifts.js';
import { ZONE_SCOPE } from './zone-scope.js';

/** Who writes, signs and receives a handover: the CSSD's nurses, the head nurse and the quality monitor. */
export const HANDOVER_STAFF: Role[] = ['nurse', 'head_nurse', 'monitor'];
/** The longest register period, in days. */
export const REGISTER_MAX_DAYS = 92;

const iso = (d: Date | string) => new Date(d).toISOString();
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
const shiftName = (code: string) => {
  const s = SHIFTS.find((x) => x.code === code)!;
  return { zh: s.nameZh, en: s.nameEn };
};

/**
 * The shift handover (交接班, issue 17, seed 17, 2.1, 11.6). Per hospital day, shift and zone the
 * outgoing nurse drafts a note: the system's open loads, BIs incubating, open recalls, equipment
 * problems and corrective actions due are copied into it as she saw them (read through their own
 * modules, never recomputed here), with her own notes. She records the end-of-shift checklist
 * (water, power, gas, steam off, area cleaned; an item not done has its reason) and signs out with
 * her badge + PIN; the incoming nurse — another person — signs in with hers, and the handover is
 * closed. Every step is a new row; a signed note is corrected by a new entry with the reason.
 */
@Injectable()
export class ShiftHandoverService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ShiftHandoverRepository) private readonly repo: ShiftHandoverRepository,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SterilizationRepository) private readonly loads: SterilizationRepository,
    @Inject(MonitoringDeskService) private readonly desk: MonitoringDeskService,
    @Inject(RecallService) private readonly recalls: RecallService,
    @Inject(EquipmentService) private readonly equipment: EquipmentService,
    @Inject(CorrectiveActionsService) private readonly actions: CorrectiveActionsService,
  ) {}

  private today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  shifts() {
    return SHIFTS.map((s) => ({ ...s }));
  }

  /** The register of a period (the latest day first), of one zone when asked. */
  async register(q: HandoverRegisterQuery) {
    const p = reportPeriod(q, this.today(), this.config.timezone, REGISTER_MAX_DAYS);
    const rows = await this.repo.list(p.fromDate, p.toDate, q.zone ?? null);
    return { from: p.fromDate, to: p.toDate, handovers: rows.map(view) };
  }

  /** The register as an XLSX / PDF document. */
  registerDocument(r: Awaited<ReturnType<ShiftHandoverService['register']>>) {
    return handoverDocument(r.handovers, {
      hospital: this.config.hospitalName,
      period: periodLabel(r.from, r.to),
      timezone: this.config.timezone,
    });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  get(id: string) {
    return this.detail(this.db.manager, id);
  }

  /** The outgoing nurse drafts the handover of a slot: one open handover per day, shift and zone. */
  async draft(actor: Actor, dto: DraftHandoverDto) {
    const today = this.today();
    if (dto.day > today) throw new DomainError('SHIFT_HANDOVER_DAY_IN_FUTURE', { day: dto.day, today });
    const snapshot = await this.snapshot(dto.zone);
    const id = await this.db.transaction(async (m) => {
      await this.repo.lockSlot(m, dto.day, dto.shift, dto.zone);
      if (await this.repo.openInSlot(m, dto.day, dto.shift, dto.zone))
        throw new DomainError('SHIFT_HANDOVER_SLOT_OPEN', {
          day: dto.day,
          shift: shiftName(dto.shift),
          zone: HANDOVER_ZONE_NAMES[dto.zone],
        });
      const r = await m.insert(ShiftHandover, {
        day: dto.day,
        shift: dto.shift,
        zone: dto.zone,
        snapshot,
        notes: dto.notes?.trim() ?? '',
        authorId: actor.id,
        draftedAt: this.clock.instant(),
      });
      return (r.identifiers[0] as { id: string }).id;
    });
    return this.get(id);
  }

  /** The end-of-shift checklist, every item once; one not done needs its reason. Again while a draft: the latest counts. */
  async checklist(actor: Actor, id: string, dto: RecordChecklistDto) {
    const items = checklistAnswers(dto);
    await this.db.transaction(async (m) => {
      const state = await this.locked(m, id);
      if (state.signedOut) throw new DomainError('SHIFT_HANDOVER_SIGNED_OUT');
      await this.insertOnce(
        () =>
          m.insert(ShiftHandoverChecklist, {
            handoverId: id,
            seq: state.checklistSeq + 1,
            items,
            recordedBy: actor.id,
            recordedAt: this.clock.instant(),
          }),
        'SHIFT_HANDOVER_SIGNED_OUT',
      );
    });
    return this.get(id);
  }

  /** The outgoing nurse — the author — signs out with her own badge + PIN, once the checklist is recorded. */
  async signOut(actor: Actor, id: string, dto: SignHandoverDto) {
    await this.db.transaction(async (m) => {
      const state = await this.locked(m, id);
      if (state.signedOut) throw new DomainError('SHIFT_HANDOVER_SIGNED_OUT');
      if (state.checklistSeq === 0) throw new DomainError('SHIFT_HANDOVER_CHECKLIST_MISSING');
      const signer = await this.auth.verifySigner(actor, dto.signer, HANDOVER_STAFF, m);
      if (signer.id !== state.authorId) throw new DomainError('SHIFT_HANDOVER_NOT_AUTHOR');
      await this.sign(m, actor, id, 'outgoing', signer.id, 'SHIFT_HANDOVER_SIGNED_OUT');
    });
    return this.get(id);
  }

  /** The incoming nurse — not the outgoing one — signs in with her own badge + PIN: the handover is closed. */
  async signIn(actor: Actor, id: string, dto: SignHandoverDto) {
    await this.db.transaction(async (m) => {
      const state = await this.locked(m, id);
      if (state.signedIn) throw new DomainError('SHIFT_HANDOVER_CLOSED');
      if (!state.signedOut) throw new DomainError('SHIFT_HANDOVER_NOT_SIGNED_OUT');
      const signer = await this.auth.verifySigner(actor, dto.signer, HANDOVER_STAFF, m);
      if (signer.id === state.authorId) throw new DomainError('SHIFT_HANDOVER_SAME_PERSON');
      await this.sign(m, actor, id, 'incoming', signer.id, 'SHIFT_HANDOVER_CLOSED');
    });
    return this.get(id);
  }

  /** A correction of a signed note: a new entry naming the entry in force, with the reason. */
  async correct(actor: Actor, id: string, dto: CorrectHandoverDto) {
    await this.db.transaction(async (m) => {
      const state = await this.locked(m, id);
      if (!state.signedOut) throw new DomainError('SHIFT_HANDOVER_NOT_SIGNED_OUT');
      const inForce = state.lastCorrectionId ?? state.id;
      if (dto.correctsId !== inForce) {
        const known = await this.repo.isEntry(m, id, dto.correctsId);
        throw new DomainError(known ? 'SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED' : 'SHIFT_HANDOVER_ENTRY_NOT_FOUND');
      }
      await this.insertOnce(
        () =>
          m.insert(ShiftHandoverCorrection, {
            handoverId: id,
            seq: state.correctionSeq + 1,
            correctsId: dto.correctsId,
            notes: dto.notes.trim(),
            reason: dto.reason.trim(),
            recordedBy: actor.id,
            recordedAt: this.clock.instant(),
          }),
        'SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED',
      );
    });
    return this.get(id);
  }

  /**
   * What the system shows now, through the modules that own it (read-only): loads open or running,
   * BIs placed and not read, open recalls, machines out of use / due or overdue for service / with an
   * open fault, and corrective actions open and due by today (seed 7.8) — of these, what concerns
   * `zone` (ZONE_SCOPE: loads and BIs in the sterilization area, each zone's own machines).
   */
  private async snapshot(zone: HandoverZone): Promise<HandoverSnapshot> {
    const today = this.today();
    const scope = ZONE_SCOPE[zone];
    const [loads, bis, recalls, machines, actions] = await Promise.all([
      scope.loads ? this.loads.loads(this.db.manager, { status: In(['open', 'running']) }) : [],
      scope.bis ? this.desk.pendingBis() : [],
      this.recalls.list('open'),
      this.equipment.list(),
      this.actions.list('open'),
    ]);
    const codes = new Map(
      (await this.repo.sterilizerCodes(this.db.manager, [...new Set(loads.map((l) => l.sterilizerId))])).map((s) => [s.id, s.code]),
    );
    return {
      takenAt: iso(this.clock.instant()),
      loads: loads.map((l) => ({
        loadId: l.id,
        sterilizerCode: codes.get(l.sterilizerId) ?? '',
        cycleNo: l.cycleNo,
        status: l.status,
        openedAt: iso(l.openedAt),
      })),
      bisIncubating: bis.map((b) => ({
        biId: b.id,
        lot: b.lot,
        sterilizerCode: b.sterilizerCode,
        cycleNo: b.cycleNo,
        placedAt: iso(b.placedAt),
        earliestReadAt: b.earliestReadAt ? iso(b.earliestReadAt) : null,
        readable: b.readable,
      })),
      recalls: recalls.map((r) => ({
        recallId: r.id,
        reasonZh: r.reasonText.zh,
        reasonEn: r.reasonText.en,
        openedAt: iso(r.openedAt),
        total: r.total,
      })),
      equipment: machines
        .filter((e) => (scope.equipment as readonly string[]).includes(e.kind) && (e.status !== 'in_service' || e.openFaults.length > 0))
        .map((e) => ({
          equipmentId: e.id,
          code: e.code,
          nameZh: e.nameZh,
          nameEn: e.nameEn,
          status: e.status,
          openFaults: e.openFaults.length,
        })),
      correctiveActions: actions
        .filter((a) => a.dueDate <= today)
        .map((a) => ({
          id: a.id,
          whatZh: a.whatZh,
          whatEn: a.whatEn,
          responsibleName: a.responsibleName,
          dueDate: a.dueDate,
          overdue: a.overdue,
        })),
    };
  }

  /** The handover's state under its lock; refused when unknown. */
  private async locked(m: EntityManager, id: string): Promise<HandoverState> {
    await this.repo.lock(m, id);
    const state = await this.repo.state(m, id);
    if (!state) throw new DomainError('SHIFT_HANDOVER_NOT_FOUND');
    return state;
  }

  private sign(
    m: EntityManager,
    actor: Actor,
    id: string,
    role: 'outgoing' | 'incoming',
    signerId: string,
    code: 'SHIFT_HANDOVER_SIGNED_OUT' | 'SHIFT_HANDOVER_CLOSED',
  ) {
    return this.insertOnce(
      () => m.insert(ShiftHandoverSignature, { handoverId: id, role, signerId, recordedBy: actor.id, signedAt: this.clock.instant() }),
      code,
    );
  }

  /** An insert a unique index keeps to once (a race the lock did not see): the loser is told why. */
  private async insertOnce(
    insert: () => Promise<unknown>,
    code: 'SHIFT_HANDOVER_SIGNED_OUT' | 'SHIFT_HANDOVER_CLOSED' | 'SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED',
  ) {
    try {
      await insert();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError(code);
      throw e;
    }
  }

  private async detail(m: EntityManager, id: string) {
    const row = await this.repo.one(m, id);
    if (!row) throw new DomainError('SHIFT_HANDOVER_NOT_FOUND');
    return view(row);
  }
}

function view(r: HandoverRow) {
  const last = r.corrections.at(-1);
  return {
    id: r.id,
    day: r.day,
    shift: r.shift,
    zone: r.zone,
    status: r.inSigner ? 'closed' : r.outSigner ? 'signed_out' : 'draft',
    notes: last ? last.notes : r.draftNotes,
    entryId: last ? last.id : r.id,
    authorId: r.authorId,
    authorName: r.authorName,
    draftedAt: iso(r.draftedAt),
    snapshot: r.snapshot,
    checklist:
      r.checklistItems && r.checklistBy && r.checklistAt
        ? { items: r.checklistItems, recordedBy: r.checklistBy, recordedByName: r.checklistByName, recordedAt: iso(r.checklistAt) }
        : null,
    outgoing:
      r.outSigner && r.outBy && r.outAt
        ? { signerId: r.outSigner, signerName: r.outSignerName, recordedBy: r.outBy, signedAt: iso(r.outAt) }
        : null,
    incoming:
      r.inSigner && r.inBy && r.inAt
        ? { signerId: r.inSigner, signerName: r.inSignerName, recordedBy: r.inBy, signedAt: iso(r.inAt) }
        : null,
    corrections: r.corrections.map((c) => ({
      id: c.id,
      correctsId: c.correctsId,
      notes: c.notes,
      reason: c.reason,
      recordedBy: c.recordedBy,
      recordedByName: c.recordedByName,
      recordedAt: iso(c.recordedAt),
    })),
  };
}

export type HandoverViewData = ReturnType<typeof view>;
