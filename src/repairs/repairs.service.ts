import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { TemplateItem } from '../catalog/set-template.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { CountedLine } from '../kernel/count-sheet.js';
import { readScan } from '../kernel/scan.js';
import { reportPeriod } from '../reports/period.js';
import { periodLabel } from '../reports/report-table.js';
import type { RecordRepairDto, RepairsQuery, RepairStepDto, ScrapConfirmationDto } from './dto/repairs.dto.js';
import {
  assertStepAllowed,
  compensationStatus,
  DISPOSITION_NAMES,
  isClosed,
  nextSteps,
  repairStatus,
  type EntryFacts,
} from './repair-status.js';
import { RepairEntry, RepairStep, type Finding, type RepairStepKind } from './repair.entity.js';
import { repairsDocument } from './repairs-export.js';
import { RepairsRepository, type EntryRow } from './repairs.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
const FINDING_NAMES: Record<Finding, { zh: string; en: string }> = {
  damaged: { zh: '损坏', en: 'damaged' },
  missing: { zh: '缺失', en: 'missing' },
};

/** The longest period the register lists or exports: a year. */
export const REGISTER_MAX_DAYS = 366;

/**
 * The repair, scrap and compensation register (器械维修、报废与赔偿, issue 16, seed 4.4). An instrument
 * found damaged or missing — at recycling's count, or at a packing inspection that failed its function
 * check — gets one disposition per finding: repair, scrap or lost, with who, why and the cost; a
 * department that caused it (the set's home department or the one it was collected from) is charged
 * the compensation. Every later step is a new row; the set is made whole from stock by a replacement
 * (POST /api/packing/replacements) naming the entry it answers.
 */
@Injectable()
export class RepairsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RepairsRepository) private readonly repo: RepairsRepository,
  ) {}

  /** The findings of the set's newest cycle (its count, its failed inspections), line by line, with their entries. */
  async findings(code: string) {
    const m = this.db.manager;
    const setId = await this.setOfScan(m, code);
    const set = (await this.repo.set(m, setId))!;
    const packId = await this.repo.currentPackId(m, setId);
    if (!packId)
      return { setId, assetCode: set.assetCode, packId: null, chargeable: await this.chargeable(set.homeDepartmentId, null), findings: [] };
    const [events, entries, count] = await Promise.all([
      this.repo.findingEvents(m, packId),
      this.repo.ofPack(m, this.config.timezone, packId),
      this.repo.cycleCount(m, packId),
    ]);
    const contents = await this.contentsOf(m, set.templateId, count?.data);
    const entryOf = (eventId: string, line: number, finding: Finding) =>
      entries.find((e) => e.packEventId === eventId && e.line === line && e.finding === finding) ?? null;
    const findings = [];
    for (const e of events) {
      const lines: { line: number; nameZh: string; nameEn: string; specification: string; finding: Finding; found: number }[] = [];
      if (e.type === 'recycle') {
        for (const finding of ['damaged', 'missing'] as const)
          for (const x of asLines(e.data[finding])) lines.push({ ...pickLine(x), finding, found: x.quantity });
      } else if (inspectionFoundDamage(e.data)) {
        contents.forEach((c, i) => lines.push({ ...pickLine({ ...c, line: i + 1 }), finding: 'damaged', found: c.quantity }));
      }
      if (!lines.length) continue;
      findings.push({
        packEventId: e.id,
        foundAtStep: e.type === 'recycle' ? 'recycling' : 'inspection',
        foundAt: iso(e.at),
        lines: lines
          .sort((a, b) => a.line - b.line)
          .map((l) => {
            const entry = entryOf(e.id, l.line, l.finding);
            return { ...l, entry: entry ? entryView(entry) : null };
          }),
      });
    }
    const from = typeof count?.data.fromDepartmentId === 'string' ? count.data.fromDepartmentId : null;
    return { setId, assetCode: set.assetCode, packId, chargeable: await this.chargeable(set.homeDepartmentId, from), findings };
  }

  /** A disposition for one finding: repair, scrap or lost, once per finding, no more than was found. */
  async record(actor: Actor, dto: RecordRepairDto) {
    const id = await this.db.transaction(async (m) => {
      // Two stations disposing of the same finding wait for one another (the unique index is the backstop).
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('repair-finding:' || $1::text))`, [dto.packEventId]);
      const event = await this.repo.event(m, dto.packEventId);
      if (!event || !event.setId || !['recycle', 'inspection_failed'].includes(event.type))
        throw new DomainError('REPAIR_FINDING_NOT_FOUND');
      const set = (await this.repo.set(m, event.setId))!;
      const count = event.type === 'recycle' ? { id: event.id, data: event.data } : await this.repo.cycleCount(m, event.packId);
      const version = Number(count?.data.templateVersion ?? 0);
      const contents = await this.contentsOf(m, event.templateId, count?.data);
      const item = contents[dto.line - 1];
      if (!item)
        throw new DomainError('REPAIR_LINE_NOT_IN_TEMPLATE', { lineNo: dto.line, version, lines: contents.length }, { line: dto.line });
      if ((dto.disposition === 'lost') !== (dto.finding === 'missing')) throw new DomainError('REPAIR_DISPOSITION_MISMATCH');
      const existing = await this.repo.entryOfFinding(m, event.id, dto.line, dto.finding);
      if (existing) throw alreadyDisposed(existing.disposition);
      let found: number;
      if (event.type === 'recycle') {
        found = asLines(event.data[dto.finding]).find((x) => x.line === dto.line)?.quantity ?? 0;
      } else {
        if (!inspectionFoundDamage(event.data)) throw new DomainError('REPAIR_INSPECTION_NOT_DAMAGE');
        found = dto.finding === 'damaged' ? item.quantity : 0;
      }
      if (dto.quantity > found) {
        const f = FINDING_NAMES[dto.finding];
        throw new DomainError(
          'REPAIR_QUANTITY_EXCEEDS_FINDING',
          { lineNo: dto.line, found, quantity: dto.quantity, findingZh: f.zh, findingEn: f.en },
          { line: dto.line, found },
        );
      }
      if ((dto.chargedDepartmentId === undefined) !== (dto.compensation === undefined))
        throw new DomainError('REPAIR_COMPENSATION_INCOMPLETE');
      if (dto.chargedDepartmentId) {
        // Seed 4.4: a loss is charged to the department that caused it — the set's own, or the one it came back from.
        const from = typeof count?.data.fromDepartmentId === 'string' ? count.data.fromDepartmentId : null;
        if (dto.chargedDepartmentId !== set.homeDepartmentId && dto.chargedDepartmentId !== from)
          throw new DomainError('REPAIR_DEPARTMENT_NOT_CHARGEABLE', {}, { allowed: [set.homeDepartmentId, from].filter(Boolean) });
      }
      try {
        const r = await m.insert(RepairEntry, {
          packId: event.packId,
          packEventId: event.id,
          foundAtStep: event.type === 'recycle' ? 'recycling' : 'inspection',
          foundAt: event.at,
          finding: dto.finding,
          setId: set.id,
          assetCode: set.assetCode,
          templateId: event.templateId,
          templateVersion: version,
          line: dto.line,
          nameZh: item.nameZh,
          nameEn: item.nameEn,
          specification: item.specification ?? '',
          quantity: dto.quantity,
          disposition: dto.disposition,
          reason: dto.reason.trim(),
          cost: dto.cost ?? null,
          vendor: dto.vendor?.trim() ?? null,
          chargedDepartmentId: dto.chargedDepartmentId ?? null,
          compensation: dto.compensation ?? null,
          decidedBy: actor.id,
          decidedAt: this.clock.instant(),
        });
        return r.identifiers[0].id as string;
      } catch (e) {
        if (isUniqueViolation(e)) throw alreadyDisposed(dto.disposition);
        throw e;
      }
    });
    return this.get(actor, id);
  }

  /** A later step (sent, back repaired or beyond repair, compensation settled): in order, once, never on a closed entry. */
  step(actor: Actor, id: string, dto: RepairStepDto) {
    return this.addStep(actor, id, dto.step, dto);
  }

  /** The head nurse confirms a scrap (a scrap decided, or a repair that came back beyond repair). */
  confirmScrap(actor: Actor, id: string, dto: ScrapConfirmationDto) {
    return this.addStep(actor, id, 'scrap_confirmed', dto);
  }

  private async addStep(actor: Actor, id: string, step: RepairStepKind, dto: { vendor?: string; cost?: number; note?: string }) {
    await this.db.transaction(async (m) => {
      await this.repo.lock(m, id);
      const row = await this.repo.one(m, this.config.timezone, id);
      if (!row) throw new DomainError('REPAIR_ENTRY_NOT_FOUND');
      assertStepAllowed(facts(row), step);
      const vendor = dto.vendor?.trim() ?? (step === 'sent' ? row.vendor : null);
      if (step === 'sent' && !vendor) throw new DomainError('REPAIR_VENDOR_REQUIRED');
      try {
        await m.insert(RepairStep, {
          entryId: id,
          step,
          vendor,
          cost: step === 'repaired' || step === 'beyond_repair' ? (dto.cost ?? null) : null,
          note: dto.note?.trim() ?? null,
          recordedBy: actor.id,
          recordedAt: this.clock.instant(),
        });
      } catch (e) {
        // The same step recorded by another station a moment ago (the lock makes this rare).
        if (isUniqueViolation(e)) assertStepAllowed(facts({ ...row, steps: [...row.steps, { ...row.steps[0], step }] }), step);
        throw e;
      }
    });
    return this.get(actor, id);
  }

  /** An entry; a department user sees only the entries charged to its own department. */
  async get(actor: Actor, id: string) {
    const row = await this.repo.one(this.db.manager, this.config.timezone, id);
    if (!row || (actor.role === 'department' && row.chargedDepartmentId !== actor.departmentId))
      throw new DomainError('REPAIR_ENTRY_NOT_FOUND');
    return entryView(row);
  }

  /** The register of a period (this month when none), with its totals; a department user: its own charges only. */
  async register(actor: Actor, q: RepairsQuery) {
    const tz = this.config.timezone;
    const today = localDate(this.clock.instant(), tz);
    const none = !q.date && !q.week && !q.month && !q.from && !q.to;
    const p = reportPeriod(none ? { month: today.slice(0, 7) } : q, today, tz, REGISTER_MAX_DAYS);
    const departmentId = actor.role === 'department' ? (actor.departmentId ?? '00000000-0000-0000-0000-000000000000') : q.departmentId;
    const rows = await this.repo.list(tz, p.fromDate, p.toDate, { disposition: q.disposition, departmentId, assetCode: q.assetCode });
    const entries = rows.map(entryView);
    return { from: p.fromDate, to: p.toDate, timezone: tz, entries, totals: totalsOf(entries) };
  }

  registerDocument(r: Awaited<ReturnType<RepairsService['register']>>) {
    return repairsDocument(r.entries, r.totals, {
      hospital: this.config.hospitalName,
      period: periodLabel(r.from, r.to),
      timezone: r.timezone,
    });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  /** The set's contents history: every replacement put into it, with the damaged or lost instrument it replaced. */
  async replacements(code: string) {
    const m = this.db.manager;
    const setId = await this.setOfScan(m, code);
    const set = (await this.repo.set(m, setId))!;
    const rows = await this.repo.replacements(setId);
    const out = [];
    for (const r of rows) {
      const entryId = typeof r.data.registerEntryId === 'string' ? r.data.registerEntryId : null;
      const entry = entryId ? await this.repo.one(m, this.config.timezone, entryId) : null;
      out.push({
        eventId: r.id,
        at: iso(r.at),
        packId: r.packId,
        cycleNo: r.cycleNo,
        barcode: r.barcode,
        line: Number(r.data.line),
        nameZh: String(r.data.nameZh ?? ''),
        nameEn: String(r.data.nameEn ?? ''),
        specification: String(r.data.specification ?? ''),
        quantity: Number(r.data.quantity),
        actorId: r.actorId,
        actorName: r.actorName,
        replaces: entry ? entryView(entry) : null,
      });
    }
    return { setId, assetCode: set.assetCode, replacements: out };
  }

  /** A set's asset code, or a label of one of its packs. */
  private async setOfScan(m: EntityManager, code: string): Promise<string> {
    const scan = readScan(code, this.clock.instant());
    const setId = scan.kind === 'set' ? await this.repo.setIdByCode(m, scan.assetCode) : await this.repo.setIdOfLabel(m, scan.barcode);
    if (!setId) throw new DomainError('UNKNOWN_BARCODE', { code: scan.kind === 'set' ? scan.assetCode : scan.barcode });
    return setId;
  }

  /** The contents the count was taken against (its template version), else the template's own. */
  private async contentsOf(m: EntityManager, templateId: string, countData: Record<string, unknown> | undefined): Promise<TemplateItem[]> {
    const version = Number(countData?.templateVersion ?? 0);
    return (version ? await this.repo.contents(m, templateId, version) : null) ?? [];
  }

  private async chargeable(home: string, from: string | null) {
    const ids = [...new Set([home, from].filter((x): x is string => !!x))];
    const rows = await this.repo.departments(ids);
    return ids.map((id) => rows.find((r) => r.id === id)!).filter(Boolean);
  }
}

function alreadyDisposed(disposition: keyof typeof DISPOSITION_NAMES) {
  const n = DISPOSITION_NAMES[disposition];
  return new DomainError('REPAIR_FINDING_ALREADY_DISPOSED', { dispositionZh: n.zh, dispositionEn: n.en }, { disposition });
}

/** A failed packing inspection found a damaged instrument when its function check failed (seed 1.3). */
function inspectionFoundDamage(data: Record<string, unknown>): boolean {
  const failed = (data.inspection as { failed?: unknown } | undefined)?.failed;
  return Array.isArray(failed) && failed.includes('functional');
}

function asLines(v: unknown): CountedLine[] {
  return Array.isArray(v) ? (v as CountedLine[]).filter((x) => typeof x?.line === 'number' && typeof x.quantity === 'number') : [];
}

function pickLine(x: { line: number; nameZh: string; nameEn: string; specification?: string }) {
  return { line: x.line, nameZh: x.nameZh, nameEn: x.nameEn, specification: x.specification ?? '' };
}

function facts(r: Pick<EntryRow, 'disposition' | 'steps' | 'chargedDepartmentId'>): EntryFacts {
  return { disposition: r.disposition, steps: r.steps.map((s) => s.step), charged: r.chargedDepartmentId !== null };
}

function entryView(r: EntryRow) {
  const f = facts(r);
  // The repair's final cost, when its return stated one, replaces the quote.
  const final = r.steps.filter((s) => (s.step === 'repaired' || s.step === 'beyond_repair') && s.cost !== null).at(-1)?.cost;
  return {
    id: r.id,
    packId: r.packId,
    packEventId: r.packEventId,
    foundAtStep: r.foundAtStep,
    foundAt: iso(r.foundAt),
    finding: r.finding,
    setId: r.setId,
    assetCode: r.assetCode,
    templateVersion: r.templateVersion,
    line: r.line,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    specification: r.specification,
    quantity: r.quantity,
    disposition: r.disposition,
    reason: r.reason,
    cost: final ?? r.cost,
    vendor: r.steps.find((s) => s.step === 'sent')?.vendor ?? r.vendor,
    chargedDepartmentId: r.chargedDepartmentId,
    chargedDepartmentCode: r.chargedDepartmentCode,
    chargedDepartmentNameZh: r.chargedDepartmentNameZh,
    chargedDepartmentNameEn: r.chargedDepartmentNameEn,
    compensation: r.compensation,
    compensationStatus: compensationStatus(f),
    decidedBy: r.decidedBy,
    decidedByName: r.decidedByName,
    decidedAt: iso(r.decidedAt),
    day: r.day,
    status: repairStatus(f),
    closed: isClosed(f),
    nextSteps: nextSteps(f),
    steps: r.steps.map((s) => ({ ...s, recordedAt: iso(s.recordedAt) })),
  };
}

export type RepairEntryData = ReturnType<typeof entryView>;

const cents = (x: number) => Math.round(x * 100) / 100;

/** The register's totals: entries, instruments, by disposition, cost, and the compensation per department. */
export function totalsOf(entries: RepairEntryData[]) {
  const byDepartment = new Map<
    string,
    { departmentId: string; code: string; nameZh: string; nameEn: string; entries: number; compensation: number; settled: number }
  >();
  for (const e of entries) {
    if (!e.chargedDepartmentId) continue;
    const d = byDepartment.get(e.chargedDepartmentId) ?? {
      departmentId: e.chargedDepartmentId,
      code: e.chargedDepartmentCode ?? '',
      nameZh: e.chargedDepartmentNameZh ?? '',
      nameEn: e.chargedDepartmentNameEn ?? '',
      entries: 0,
      compensation: 0,
      settled: 0,
    };
    d.entries += 1;
    d.compensation = cents(d.compensation + (e.compensation ?? 0));
    if (e.compensationStatus === 'settled') d.settled = cents(d.settled + (e.compensation ?? 0));
    byDepartment.set(e.chargedDepartmentId, d);
  }
  return {
    entries: entries.length,
    quantity: entries.reduce((s, e) => s + e.quantity, 0),
    repair: entries.filter((e) => e.disposition === 'repair').length,
    scrap: entries.filter((e) => e.disposition === 'scrap').length,
    lost: entries.filter((e) => e.disposition === 'lost').length,
    cost: cents(entries.reduce((s, e) => s + (e.cost ?? 0), 0)),
    compensation: cents(entries.reduce((s, e) => s + (e.compensation ?? 0), 0)),
    byDepartment: [...byDepartment.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}
