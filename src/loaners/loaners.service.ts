import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { INSTRUMENT_SET, TEMPLATE, DEPARTMENT } from '../catalog/catalog.kinds.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { assertPackagingSuits } from '../catalog/packaging-compatibility.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { hospitalInstant } from '../common/hospital-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { canDo, stateParams } from '../kernel/pack-state.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { RecyclingService } from '../recycling/recycling.service.js';
import type { RecycleDto } from '../recycling/dto/recycle.dto.js';
import { reportPeriod, type PeriodQuery } from '../reports/period.js';
import { formatWallClock, periodLabel } from '../reports/report-table.js';
import type { ReceiveLoanerDto, ReturnLoanerDto } from './dto/loaners.dto.js';
import type { LoanerView } from './dto/loaners.view.js';
import { loanersDocument } from './loaners-export.js';
import { LoanerReturn, LoanerTray, type ReturnedLine } from './loaner-tray.entity.js';
import { LoanersRepository, type TrayRow } from './loaners.repository.js';

/** The longest period the register lists or exports: a year. */
export const LOANER_REGISTER_MAX_DAYS = 366;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Loaner trays (外来医疗器械, issue 16; WS 310.2 / 310.3): a lender's tray delivered for a scheduled
 * operation is received and counted by the CSSD against its count sheet, then processed as any set
 * — the receipt makes its set template and instrument set and starts its first cycle through
 * recycling's own step, so the stations need no special case (an implant tray's loads wait for
 * their BI: release-policy.ts reads the template's implant flag). After its use it is collected,
 * cleaned, counted again and handed back to the lender; its set and template are then retired.
 */
@Injectable()
export class LoanersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LoanersRepository) private readonly repo: LoanersRepository,
    @Inject(RecyclingService) private readonly recycling: RecyclingService,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  private today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  /** The register of a period (hospital calendar; this month when none is given); a department user's own trays only. */
  async register(actor: Actor, q: PeriodQuery) {
    const tz = this.config.timezone;
    const today = this.today();
    const none = !q.date && !q.week && !q.month && !q.from && !q.to;
    const p = reportPeriod(none ? { month: today.slice(0, 7) } : q, today, tz, LOANER_REGISTER_MAX_DAYS);
    const own = actor.role === 'department' ? actor.departmentId : null;
    const rows = await this.repo.list(this.db.manager, p.from, p.to, own);
    return { from: p.fromDate, to: p.toDate, timezone: tz, trays: rows.map(view) };
  }

  registerDocument(r: Awaited<ReturnType<LoanersService['register']>>) {
    return loanersDocument(r.trays, { hospital: this.config.hospitalName, period: periodLabel(r.from, r.to), timezone: r.timezone });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  /** One tray; a department user only its own department's. */
  async get(actor: Actor, id: string): Promise<LoanerView> {
    const row = await this.repo.one(this.db.manager, id);
    if (!row) throw new DomainError('LOANER_NOT_FOUND');
    if (actor.role === 'department' && row.departmentId !== actor.departmentId) throw new DomainError('LOANER_OTHER_DEPARTMENT');
    return view(row);
  }

  /**
   * The receipt, in one transaction: the count sheet checked, a set template (contents = the count
   * sheet; implant and critical when any line is an implant) and an instrument set (asset code =
   * the tray's barcode, home = the operating department) made for it, the receipt recorded, and
   * the tray's first cycle started by recycling's step ("collected", waiting for cleaning).
   */
  async receive(ctx: StepContext, dto: ReceiveLoanerDto): Promise<LoanerView> {
    const now = this.clock.instant();
    const plannedAt = hospitalInstant(dto.plannedAt, this.config.timezone)!;
    // Received before the operation: a tray for an operation already past is a mistake (or a back-filled record).
    if (plannedAt.getTime() < now.getTime())
      throw new DomainError('LOANER_OPERATION_PAST', { plannedAt: formatWallClock(plannedAt, this.config.timezone) });
    dto.lines.forEach((l, i) => {
      // An implant is traced by its size / model: the count at the return and a recall follow-up name it.
      if (l.implant && !l.specification.trim()) throw new DomainError('LOANER_IMPLANT_SPECIFICATION_REQUIRED', { line: i + 1 });
    });
    assertPackagingSuits(dto.sterilizationMethod, dto.packagingMaterial, { field: 'packagingMaterial' });
    const implant = dto.lines.some((l) => l.implant);

    const id = await this.db.transaction(async (m) => {
      const department = await this.repo.department(m, dto.departmentId);
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      if (!department.active) throw new DomainError('INACTIVE_REFERENCE', { what: DEPARTMENT.label });
      // The day's number first: its lock makes receipts one at a time, so two of the same barcode cannot both pass the check below.
      const code = await this.repo.nextCode(m, localDate(now, this.config.timezone));
      if (await this.repo.setByAssetCode(m, dto.trayCode)) throw new DomainError('LOANER_TRAY_CODE_IN_USE', { code: dto.trayCode });

      const template = await m.getRepository(SetTemplate).save(
        m.getRepository(SetTemplate).create({
          code,
          nameZh: `外来器械 ${dto.lenderName}`.slice(0, 100),
          nameEn: `Loaner tray, ${dto.lenderName}`.slice(0, 100),
          packagingMaterial: dto.packagingMaterial,
          alternativePackaging: [],
          sterilizationMethod: dto.sterilizationMethod,
          implant,
          // Implant trays are checked by two people at packing, as every implant set (§3.2 step 3).
          critical: implant,
          dressing: false,
          weightKg: null,
          maxWeightKg: null,
          gtin: null,
          contents: dto.lines.map((l) => ({ nameZh: l.nameZh, nameEn: l.nameEn, specification: l.specification, quantity: l.quantity })),
          active: true,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(m, ctx.actor, 'create', TEMPLATE.name, template.id, null, template);
      const set = await m.getRepository(InstrumentSet).save(
        m.getRepository(InstrumentSet).create({
          assetCode: dto.trayCode,
          templateId: template.id,
          homeDepartmentId: department.id,
          cycleCount: 0,
          active: true,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(m, ctx.actor, 'create', INSTRUMENT_SET.name, set.id, null, set);
      const tray = await m.getRepository(LoanerTray).save(
        m.getRepository(LoanerTray).create({
          code,
          lenderName: dto.lenderName,
          deliveredBy: dto.deliveredBy,
          departmentId: department.id,
          surgeon: dto.surgeon,
          patientId: dto.patientId,
          operation: dto.operation,
          plannedAt,
          templateId: template.id,
          setId: set.id,
          lines: dto.lines.map((l) => ({ ...l })),
          note: dto.note?.trim() || null,
          receivedBy: ctx.actor.id,
          receivedAt: now,
        }),
      );
      // The tray's first cycle begins as any collected set's: recycling's step, the lender's representative handing it over.
      const collect: RecycleDto = {
        code: dto.trayCode,
        departmentId: department.id,
        handedOverBy: dto.deliveredBy,
        note: `外来器械 ${code}`,
      };
      await this.recycling.recycleIn(m, ctx, collect, { onRound: false });
      return tray.id;
    });
    return view((await this.repo.one(this.db.manager, id))!);
  }

  /**
   * The return to the lender, in one transaction: the tray cleaned after its use (or unused and
   * sterile), counted line by line against its count sheet — a line short needs its note, so an
   * implant is never lost without a record — the handover signed by the lender's representative
   * and the caller; the pack's last step; the set and template retired (no new cycle).
   */
  async returnToLender(ctx: StepContext, id: string, dto: ReturnLoanerDto): Promise<LoanerView> {
    await this.db.transaction(async (m) => {
      if (!(await this.repo.lockSet(m, id))) throw new DomainError('LOANER_NOT_FOUND');
      const tray = (await this.repo.one(m, id))!;
      if (tray.returnedAt) throw new DomainError('LOANER_ALREADY_RETURNED');
      const pack = await this.ledger.lockCurrentOfSet(m, tray.setId);
      if (!pack || !canDo(pack.state, 'return_to_lender'))
        throw new DomainError('LOANER_NOT_RETURNABLE', stateParams(pack?.state ?? 'collected'), { state: pack?.state ?? null });
      const lines = countReturn(tray, dto);
      const countMatches = lines.every((l) => l.returned === l.delivered);
      const now = this.clock.instant();
      await this.ledger.step(m, pack, 'return_to_lender', ctx, {
        data: {
          tray: tray.code,
          lender: tray.lenderName,
          lenderRepresentative: dto.lenderRepresentative,
          countMatches,
          short: lines
            .filter((l) => l.returned < l.delivered)
            .map((l) => ({ line: l.line, missing: l.delivered - l.returned, note: l.note })),
        },
      });
      await m.getRepository(LoanerReturn).insert({
        trayId: tray.id,
        packId: pack.id,
        lines,
        countMatches,
        lenderRepresentative: dto.lenderRepresentative,
        note: dto.note?.trim() || null,
        returnedBy: ctx.actor.id,
        returnedAt: now,
      });
      await this.retire(m, ctx.actor, tray);
    });
    return view((await this.repo.one(this.db.manager, id))!);
  }

  /** The tray is gone: its set and template are deactivated (recycling refuses the set: SET_INACTIVE). */
  private async retire(m: EntityManager, actor: Actor, tray: TrayRow) {
    const now = this.clock.instant();
    const set = await m.getRepository(InstrumentSet).findOneByOrFail({ id: tray.setId });
    const setBefore = { ...set };
    await m.getRepository(InstrumentSet).update({ id: set.id }, { active: false, updatedAt: now });
    await this.audit.record(m, actor, 'deactivate', INSTRUMENT_SET.name, set.id, setBefore, { ...set, active: false });
    const template = await m.getRepository(SetTemplate).findOneByOrFail({ id: tray.templateId });
    const templateBefore = { ...template };
    await m.getRepository(SetTemplate).update({ id: template.id }, { active: false, updatedAt: now });
    await this.audit.record(m, actor, 'deactivate', TEMPLATE.name, template.id, templateBefore, { ...template, active: false });
  }
}

/** The return count against the count sheet: every line once, never more than came, a shortfall with its note. */
export function countReturn(tray: Pick<TrayRow, 'lines'>, dto: Pick<ReturnLoanerDto, 'lines'>): ReturnedLine[] {
  const given = new Map(dto.lines.map((l) => [l.line, l]));
  if (given.size !== dto.lines.length || given.size !== tray.lines.length || dto.lines.some((l) => l.line > tray.lines.length))
    throw new DomainError('LOANER_COUNT_INCOMPLETE', { lines: tray.lines.length });
  return tray.lines.map((sheet, i) => {
    const counted = given.get(i + 1)!;
    const note = counted.note?.trim() || null;
    if (counted.returned > sheet.quantity)
      throw new DomainError('LOANER_COUNT_EXCEEDS', { line: i + 1, returned: counted.returned, delivered: sheet.quantity });
    if (counted.returned < sheet.quantity && !note)
      throw new DomainError('LOANER_SHORTFALL_NOTE_REQUIRED', { line: i + 1, name: { zh: sheet.nameZh, en: sheet.nameEn } });
    return {
      line: i + 1,
      nameZh: sheet.nameZh,
      nameEn: sheet.nameEn,
      specification: sheet.specification,
      implant: sheet.implant,
      delivered: sheet.quantity,
      returned: counted.returned,
      note,
    };
  });
}

function view(r: TrayRow): LoanerView {
  return {
    id: r.id,
    code: r.code,
    trayCode: r.trayCode,
    lenderName: r.lenderName,
    deliveredBy: r.deliveredBy,
    departmentId: r.departmentId,
    departmentCode: r.departmentCode,
    departmentNameZh: r.departmentNameZh,
    departmentNameEn: r.departmentNameEn,
    surgeon: r.surgeon,
    patientId: r.patientId,
    operation: r.operation,
    plannedAt: iso(r.plannedAt)!,
    implant: r.implant,
    sterilizationMethod: r.sterilizationMethod,
    packagingMaterial: r.packagingMaterial,
    lines: r.lines,
    note: r.note,
    receivedBy: r.receivedBy,
    receivedByName: r.receivedByName,
    receivedAt: iso(r.receivedAt)!,
    barcode: r.barcode,
    state: r.state,
    status: r.returnedAt ? 'returned' : 'in_process',
    returned: r.returnedAt
      ? {
          lines: r.returnedLines ?? [],
          countMatches: !!r.countMatches,
          lenderRepresentative: r.lenderRepresentative ?? '',
          note: r.returnNote,
          returnedBy: r.returnedBy!,
          returnedByName: r.returnedByName ?? '',
          returnedAt: iso(r.returnedAt)!,
        }
      : null,
  };
}
