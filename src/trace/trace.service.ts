import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { SetTemplateVersion } from '../catalog/set-template-version.entity.js';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { WasherProgram } from '../catalog/washer-program.entity.js';
import { Washer } from '../catalog/washer.entity.js';
import { WasherCycle } from '../kernel/washer-cycle.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { hydrate } from '../database/hydrate.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackEvent } from '../kernel/pack-event.entity.js';
import { Pack } from '../kernel/pack.entity.js';
import {
  INSTRUMENT_REPLACED,
  LABEL_PRINTED,
  LABEL_REPRINTED,
  PACK_SHORT_APPROVED,
  PROBLEM_AFTER_USE,
  RECYCLE,
  RELABEL,
  type PackEventType,
} from '../kernel/pack-event-types.js';
import { summarizeMany, summaryOf } from '../kernel/pack-summary.js';
import { readPackBarcode, readScan } from '../kernel/scan.js';
import { runSnapshot } from '../kernel/run-snapshot.js';
import { shortfallOf } from '../packing/shortfall.js';
import type { CountedLine } from '../kernel/count-sheet.js';
import type { Handover } from '../recycling/handover.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { SterilizationRepository } from '../sterilization/sterilization.repository.js';
import { TraceRepository, type LoadMonitoringRow } from './trace.repository.js';

type PersonRef = { id: string; username: string; displayName: string } | null;

/**
 * What was still pending when the pack left the CSSD (issue 18): the BIs of its load whose result
 * the service learned only after the dispatch, and whether it went out under an emergency release
 * ("dispatched under emergency release, BI read 3 h later").
 */
function pendingAtDispatch(dispatchedAt: Date, bis: LoadMonitoringRow['bis'], emergency: boolean) {
  const pendingBis = bis
    .filter((b) => !b.resultRecordedAt || new Date(b.resultRecordedAt) > dispatchedAt)
    .map((b) => ({
      lot: b.lot,
      result: b.result,
      resultRecordedAt: b.resultRecordedAt,
      hoursAfterDispatch: b.resultRecordedAt
        ? Math.round((new Date(b.resultRecordedAt).getTime() - dispatchedAt.getTime()) / 360_000) / 10
        : null,
    }));
  return { at: dispatchedAt, underEmergencyRelease: emergency, pendingBis };
}

type DepartmentView = { code: string; nameZh: string | null; nameEn: string | null };

/**
 * A department as the step recorded it (`<prefix>Code`, `<prefix>NameZh`, `<prefix>NameEn` in its
 * event data); what an older event did not keep comes from today's row.
 */
function departmentAsRecorded(
  data: Record<string, unknown>,
  prefix: 'department' | 'fromDepartment',
  today: Department | null,
): DepartmentView | null {
  const kept = (field: 'Code' | 'NameZh' | 'NameEn') => data[`${prefix}${field}`] as string | undefined;
  const code = kept('Code') ?? today?.code;
  if (code === undefined) return null;
  return { code, nameZh: kept('NameZh') ?? today?.nameZh ?? null, nameEn: kept('NameEn') ?? today?.nameEn ?? null };
}

/** What the recycling that began a cycle says about the set's previous cycle (where it was used, its pack). */
const PREVIOUS_CYCLE_KEYS = [
  'fromDepartmentId',
  'fromDepartmentCode',
  'fromDepartmentNameZh',
  'fromDepartmentNameEn',
  'previousPackId',
  'previousBarcode',
  'note',
  'handover',
];

/**
 * Provenance (§1): for any pack barcode, the whole chain in one answer. A department sees
 * only packs dispatched to it; anything else is "unknown" (404), so barcodes cannot be probed.
 * It sees its own cycle of the set only (§5, issue 19 item 12): the set's previous cycle (the
 * recycling's origin: department, earlier pack, collector's note) and next one (`replacedBy`)
 * are shown to it only when they were its own too. CSSD staff see everything.
 */
@Injectable()
export class TraceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SterilizationRepository) private readonly loads: SterilizationRepository,
    @Inject(TraceRepository) private readonly repo: TraceRepository,
  ) {}

  async pack(actor: Actor, code: string) {
    const barcode = readPackBarcode(code, this.clock.instant());
    const m = this.db.manager;
    const row = await this.repo.provenance(m, barcode);
    const pack = row ? hydrate(m, Pack, row.pack, { json: true }) : null;
    if (!row || !pack || (actor.role === 'department' && pack.departmentId !== actor.departmentId)) {
      throw new DomainError('UNKNOWN_BARCODE', { code: barcode });
    }
    const one = <T extends ObjectLiteral>(target: EntityTarget<T>, json: Record<string, unknown> | null) =>
      json ? hydrate(m, target, json, { json: true }) : null;
    const events = row.events.map((e) => hydrate(m, PackEvent, e, { json: true }));
    // As packed: the version the pack was packed to; before packing (or packed before versions were kept), today's template.
    const template: Omit<SetTemplate, 'id' | 'active' | 'createdAt' | 'updatedAt'> =
      one(SetTemplateVersion, row.template_version) ?? one(SetTemplate, row.template)!;
    const set = one(InstrumentSet, row.set);
    const destination = one(Department, row.destination);
    const cycle = one(WasherCycle, row.cycle);
    const load = one(SterilizerLoad, row.load);
    const replacedBy = one(Pack, row.replaced_by);
    const fromDepartment = one(Department, row.from_department);
    const washer = one(Washer, row.washer);
    const washerProgram = one(WasherProgram, row.washer_program);
    const sterilizer = one(Sterilizer, row.sterilizer);
    const sterilizerProgram = one(SterilizerProgram, row.sterilizer_program);
    // What the load ran under, fixed at its start; a load not started yet names today's rows.
    const run = load?.runSnapshot ?? (sterilizer && sterilizerProgram ? runSnapshot(sterilizer, sterilizerProgram) : null);
    const people = new Map(row.people.map((u) => [u.id, u]));
    const last = (type: PackEventType) => [...events].reverse().find((e) => e.type === type) ?? null;
    const recycle = last(RECYCLE);
    // §5: a department sees its own cycle of the set only, not where the set was used before or after.
    const restricted = actor.role === 'department';
    const own = (departmentId: string | null | undefined) => departmentId != null && departmentId === actor.departmentId;
    const previousShown =
      !restricted || (own(fromDepartment?.id) && (recycle?.data.previousPackId == null || own(row.previous_department_id)));
    const nextShown = !restricted || own(replacedBy?.departmentId);
    if (!previousShown) {
      for (const e of events)
        if (e.type === RECYCLE) e.data = Object.fromEntries(Object.entries(e.data).filter(([k]) => !PREVIOUS_CYCLE_KEYS.includes(k)));
    }
    const person = (id: string | null): PersonRef => (id ? (people.get(id) ?? null) : null);
    const handoverView = (h: Handover) => ({
      handedOverBy: h.handedOverBy,
      handedOverByUserId: h.handedOverByUserId,
      receivedBy: person(h.receivedBy),
    });
    const eventView = (e: PackEvent | null) =>
      e ? { at: e.at, by: person(e.actorId), secondBy: person(e.secondActorId), station: e.station, data: e.data } : null;

    // A loaner tray (issue 16): who lent it, the operation it came for, what its count sheet held at receipt.
    const loaner = set ? await this.repo.loaner(m, set.id) : null;

    let cleaning = null;
    if (cycle && washer && washerProgram) {
      cleaning = {
        kind: 'washer',
        washer: { code: washer.code, nameZh: washer.nameZh, nameEn: washer.nameEn },
        program: {
          code: washerProgram.code,
          nameZh: washerProgram.nameZh,
          nameEn: washerProgram.nameEn,
          disinfectTempMinC: washerProgram.disinfectTempMinC,
          a0Min: washerProgram.a0Min,
        },
        cycleNo: cycle.cycleNo,
        result: cycle.status,
        temperatureC: cycle.temperatureC,
        disinfectMinutes: cycle.disinfectMinutes,
        a0: cycle.a0,
        openedAt: cycle.openedAt,
        completedAt: cycle.completedAt,
        operator: person(cycle.completedBy ?? cycle.openedBy),
      };
    } else if (last('manual_clean')) {
      cleaning = { kind: 'manual', ...eventView(last('manual_clean')) };
    }

    let sterilization = null;
    if (load && run) {
      const { sterilizer: s, program: sp } = run;
      sterilization = {
        loadId: load.id,
        sterilizer: { code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, type: s.type },
        cycleNo: load.cycleNo,
        program: {
          code: sp.code,
          nameZh: sp.nameZh,
          nameEn: sp.nameEn,
          tempMinC: sp.tempMinC,
          tempMaxC: sp.tempMaxC,
          minHoldMin: sp.minHoldMin,
          pressureMinKpa: sp.pressureMinKpa,
          pressureMaxKpa: sp.pressureMaxKpa,
          h2o2MinMgL: sp.h2o2MinMgL,
        },
        status: load.status,
        release: load.release,
        startedAt: load.startedAt,
        completedAt: load.completedAt,
        operator: person(load.startedBy),
        unloadedBy: person(load.unloadedBy),
        coSignedBy: person(load.unloadCheckedBy),
        // Seed 1.4: the check the load was started on (the latest; while it is open, the one so far).
        loadingCheck: await this.loads.latestLoadingCheck(m, load.id),
        physical: {
          passed: load.physicalPassed,
          problems: load.physicalProblems,
          tempMinC: load.tempMinC,
          tempMaxC: load.tempMaxC,
          pressureMinKpa: load.pressureMinKpa,
          pressureMaxKpa: load.pressureMaxKpa,
          holdMinutes: load.holdMinutes,
          h2o2MgL: load.h2o2MgL,
          reportedCycleStartedAt: load.reportedCycleStartedAt,
          reportedCycleEndedAt: load.reportedCycleEndedAt,
        },
      };
    }
    const pk = last('pack');
    const approval = last(PACK_SHORT_APPROVED);
    // A use recorded at the bedside, or completed afterwards by the department (issue 18: it came back with none recorded).
    const use = last('use') ?? last('complete_use');
    const monitoring = load ? await this.repo.loadMonitoring(m, load.id) : undefined;

    return {
      pack: summaryOf(pack, template, set?.assetCode ?? null),
      template: {
        code: template.code,
        nameZh: template.nameZh,
        nameEn: template.nameEn,
        packagingMaterial: template.packagingMaterial,
        sterilizationMethod: template.sterilizationMethod,
        implant: template.implant,
        critical: template.critical,
        contents: template.contents,
      },
      set: set
        ? { assetCode: set.assetCode, cycleCount: set.cycleCount, cycleNo: pack.cycleNo, homeDepartmentId: set.homeDepartmentId }
        : null,
      loaner: loaner
        ? {
            code: loaner.code,
            lenderName: loaner.lenderName,
            deliveredBy: loaner.deliveredBy,
            surgeon: loaner.surgeon,
            patientId: loaner.patientId,
            operation: loaner.operation,
            plannedAt: new Date(loaner.plannedAt).toISOString(),
            receivedAt: new Date(loaner.receivedAt).toISOString(),
            lines: loaner.lines.length,
            items: loaner.lines.reduce((n, l) => n + l.quantity, 0),
            implants: loaner.lines.filter((l) => l.implant).reduce((n, l) => n + l.quantity, 0),
          }
        : null,
      recycling: recycle
        ? {
            ...eventView(recycle),
            fromDepartment: previousShown ? departmentAsRecorded(recycle.data, 'fromDepartment', fromDepartment) : null,
            handover: previousShown && recycle.data.handover ? handoverView(recycle.data.handover as Handover) : null,
            contaminationClass: recycle.data.contaminationClass,
            countMatches: recycle.data.countMatches,
            missing: recycle.data.missing,
            damaged: recycle.data.damaged,
          }
        : null,
      shortfall: {
        open: shortfallOf(events),
        replacements: events
          .filter((e) => e.type === INSTRUMENT_REPLACED)
          .map((e) => ({ ...(e.data as unknown as CountedLine), at: e.at, by: person(e.actorId) })),
        packedShort: approval
          ? { at: approval.at, approvedBy: person(approval.secondActorId), lines: approval.data.shortfall as CountedLine[] }
          : null,
      },
      cleaning,
      packing: pk
        ? {
            at: pk.at,
            inspector: person((pk.data.inspectorId as string) ?? pk.actorId),
            packer: person(pack.packedBy),
            checker: person(pack.checkedBy),
            inspection: pk.data.inspection ?? null,
            packagingMaterial: pack.packagingMaterial,
          }
        : null,
      sterilization,
      indicators: {
        loadChemicalPassed: load ? load.chemicalPassed : null,
        outsideIndicatorPassed: pack.outsideIndicatorPassed,
        insideIndicatorReportedFailed: events.some(
          (e) => (e.type === 'report_problem' || e.type === PROBLEM_AFTER_USE) && e.data.kind === 'inside_indicator_failed',
        ),
      },
      // What released the load (§4.2–4.3): its BIs with read times and results, the day's B-D, an emergency release.
      monitoring: monitoring
        ? {
            biologicalIndicators: monitoring.bis,
            bowieDick: monitoring.bd,
            emergencyRelease: monitoring.emergency,
            atDispatch: last('dispatch')
              ? pendingAtDispatch(
                  last('dispatch')!.at,
                  monitoring.bis,
                  events.some((e) => e.type === 'release' && e.data.emergency === true && e.at <= last('dispatch')!.at),
                )
              : null,
          }
        : { biologicalIndicators: [], bowieDick: null, emergencyRelease: null, atDispatch: null },
      labels: {
        printed: events.filter((e) => e.type === LABEL_PRINTED).length,
        reprinted: events.filter((e) => e.type === LABEL_REPRINTED).length,
        voidedBarcodes: events.filter((e) => e.type === RELABEL).map((e) => e.data.oldBarcode as string),
      },
      storage: last('store') ? { ...eventView(last('store')), location: pack.storageLocation } : null,
      dispatch: last('dispatch')
        ? { ...eventView(last('dispatch')), department: departmentAsRecorded(last('dispatch')!.data, 'department', destination) }
        : null,
      receipt: eventView(last('receive')),
      use: use ? { ...eventView(use), patientId: use.data.patientId ?? null, operationId: use.data.operationId ?? null } : null,
      problem: eventView(last('report_problem') ?? last(PROBLEM_AFTER_USE)),
      sterilizationDate: pack.sterilizationDate,
      expiryDate: pack.expiryDate,
      wet: pack.wet,
      damaged: pack.damaged,
      replacedBy: nextShown && replacedBy ? { barcode: replacedBy.barcode, state: replacedBy.state } : null,
      events: events.map((e) => ({
        id: e.id,
        at: e.at,
        type: e.type,
        fromState: e.fromState,
        toState: e.toState,
        by: person(e.actorId),
        secondBy: person(e.secondActorId),
        station: e.station,
        data: e.data,
      })),
    };
  }

  /** A set's history: every cycle (pack) it went through, newest first. */
  async set(code: string) {
    const scan = readScan(code, this.clock.instant());
    if (scan.kind !== 'set') throw new DomainError('INVALID_BARCODE', { code });
    const set = await this.repo.setByAssetCode(this.db.manager, scan.assetCode);
    if (!set) throw new DomainError('UNKNOWN_BARCODE', { code: scan.assetCode });
    const packs = await this.repo.packsOfSet(this.db.manager, set.id);
    return {
      set: {
        id: set.id,
        assetCode: set.assetCode,
        templateId: set.templateId,
        homeDepartmentId: set.homeDepartmentId,
        cycleCount: set.cycleCount,
        active: set.active,
      },
      cycles: await summarizeMany(this.db.manager, packs),
    };
  }
}
