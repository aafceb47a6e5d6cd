import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { WasherProgram } from '../catalog/washer-program.entity.js';
import { Washer } from '../catalog/washer.entity.js';
import { WasherCycle } from '../cleaning/washer-cycle.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackEvent } from '../packs/pack-event.entity.js';
import { Pack } from '../packs/pack.entity.js';
import { LABEL_PRINTED, LABEL_REPRINTED } from '../labels/printed-labels.js';
import { PROBLEM_AFTER_USE } from '../usage/usage.service.js';
import { summarizeMany, summaryOf } from '../packs/pack-summary.js';
import { readPackBarcode, readScan } from '../packs/scan.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import { User } from '../users/user.entity.js';

type PersonRef = { id: string; username: string; displayName: string } | null;

/**
 * Provenance (§1): for any pack barcode, the whole chain in one answer. A department sees
 * only packs dispatched to it; anything else is "unknown" (404), so barcodes cannot be probed.
 */
@Injectable()
export class TraceService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pack(actor: Actor, code: string) {
    const barcode = readPackBarcode(code);
    const m = this.db.manager;
    // A voided label still leads to its pack's history (the pack now carries a new barcode).
    // Barcodes come from one sequence and are never reused: at most one of the two matches.
    const pack = await m
      .getRepository(Pack)
      .createQueryBuilder('p')
      .where('p.barcode = :barcode OR p.id = (SELECT v.pack_id FROM voided_labels v WHERE v.barcode = :barcode)', { barcode })
      .getOne();
    if (!pack || (actor.role === 'department' && pack.departmentId !== actor.departmentId)) {
      throw new DomainError('UNKNOWN_BARCODE', { code: barcode });
    }
    // Independent reads run side by side (each on its own pooled connection): a provenance
    // page waits for three round trips instead of seventeen.
    const [events, template, set, destination, cycle, load, replacedBy] = await Promise.all([
      m.getRepository(PackEvent).find({ where: { packId: pack.id }, order: { id: 'ASC' } }),
      m.getRepository(SetTemplate).findOneByOrFail({ id: pack.templateId }),
      pack.setId ? m.getRepository(InstrumentSet).findOneBy({ id: pack.setId }) : null,
      pack.departmentId ? m.getRepository(Department).findOneBy({ id: pack.departmentId }) : null,
      pack.washerCycleId ? m.getRepository(WasherCycle).findOneByOrFail({ id: pack.washerCycleId }) : null,
      pack.loadId ? m.getRepository(SterilizerLoad).findOneByOrFail({ id: pack.loadId }) : null,
      pack.replacedByPackId ? m.getRepository(Pack).findOneBy({ id: pack.replacedByPackId }) : null,
    ]);
    const last = (type: string) => [...events].reverse().find((e) => e.type === type) ?? null;
    const recycle = last('recycle');
    const [people, fromDepartment, washer, washerProgram, sterilizer, sterilizerProgram] = await Promise.all([
      this.people([
        ...events.flatMap((e) => [e.actorId, e.secondActorId]),
        pack.packedBy,
        pack.checkedBy,
        cycle?.openedBy ?? null,
        cycle?.completedBy ?? null,
        load?.startedBy ?? null,
        load?.unloadedBy ?? null,
        load?.unloadCheckedBy ?? null,
      ]),
      recycle?.data.fromDepartmentId ? m.getRepository(Department).findOneBy({ id: recycle.data.fromDepartmentId as string }) : null,
      cycle ? m.getRepository(Washer).findOneByOrFail({ id: cycle.washerId }) : null,
      cycle ? m.getRepository(WasherProgram).findOneByOrFail({ id: cycle.programId }) : null,
      load ? m.getRepository(Sterilizer).findOneByOrFail({ id: load.sterilizerId }) : null,
      load ? m.getRepository(SterilizerProgram).findOneByOrFail({ id: load.programId }) : null,
    ]);
    const person = (id: string | null): PersonRef => (id ? (people.get(id) ?? null) : null);
    const eventView = (e: PackEvent | null) =>
      e ? { at: e.at, by: person(e.actorId), secondBy: person(e.secondActorId), station: e.station, data: e.data } : null;

    let cleaning = null;
    if (cycle && washer && washerProgram) {
      cleaning = {
        kind: 'washer',
        washer: { code: washer.code, nameZh: washer.nameZh, nameEn: washer.nameEn },
        program: { code: washerProgram.code, nameZh: washerProgram.nameZh, nameEn: washerProgram.nameEn, disinfectTempMinC: washerProgram.disinfectTempMinC, a0Min: washerProgram.a0Min },
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
    if (load && sterilizer && sterilizerProgram) {
      sterilization = {
        loadId: load.id,
        sterilizer: { code: sterilizer.code, nameZh: sterilizer.nameZh, nameEn: sterilizer.nameEn, type: sterilizer.type },
        cycleNo: load.cycleNo,
        program: { code: sterilizerProgram.code, nameZh: sterilizerProgram.nameZh, nameEn: sterilizerProgram.nameEn, tempMinC: sterilizerProgram.tempMinC, tempMaxC: sterilizerProgram.tempMaxC, minHoldMin: sterilizerProgram.minHoldMin },
        status: load.status,
        release: load.release,
        startedAt: load.startedAt,
        completedAt: load.completedAt,
        operator: person(load.startedBy),
        unloadedBy: person(load.unloadedBy),
        coSignedBy: person(load.unloadCheckedBy),
        physical: {
          passed: load.physicalPassed,
          problems: load.physicalProblems,
          tempMinC: load.tempMinC,
          tempMaxC: load.tempMaxC,
          pressureMinKpa: load.pressureMinKpa,
          pressureMaxKpa: load.pressureMaxKpa,
          holdMinutes: load.holdMinutes,
          h2o2MgL: load.h2o2MgL,
        },
      };
    }
    const pk = last('pack');
    const use = last('use');

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
      set: set ? { assetCode: set.assetCode, cycleCount: set.cycleCount, cycleNo: pack.cycleNo, homeDepartmentId: set.homeDepartmentId } : null,
      recycling: recycle
        ? {
            ...eventView(recycle),
            fromDepartment: fromDepartment ? { code: fromDepartment.code, nameZh: fromDepartment.nameZh, nameEn: fromDepartment.nameEn } : null,
            contaminationClass: recycle.data.contaminationClass,
            countMatches: recycle.data.countMatches,
            missing: recycle.data.missing,
            damaged: recycle.data.damaged,
          }
        : null,
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
        insideIndicatorReportedFailed: events.some((e) => (e.type === 'report_problem' || e.type === PROBLEM_AFTER_USE) && e.data.kind === 'inside_indicator_failed'),
      },
      labels: {
        printed: events.filter((e) => e.type === LABEL_PRINTED).length,
        reprinted: events.filter((e) => e.type === LABEL_REPRINTED).length,
        voidedBarcodes: events.filter((e) => e.type === 'relabel').map((e) => e.data.oldBarcode as string),
      },
      storage: last('store') ? { ...eventView(last('store')), location: pack.storageLocation } : null,
      dispatch: last('dispatch') ? { ...eventView(last('dispatch')), department: destination ? { code: destination.code, nameZh: destination.nameZh, nameEn: destination.nameEn } : null } : null,
      receipt: eventView(last('receive')),
      use: use ? { ...eventView(use), patientId: use.data.patientId ?? null, operationId: use.data.operationId ?? null } : null,
      problem: eventView(last('report_problem') ?? last(PROBLEM_AFTER_USE)),
      sterilizationDate: pack.sterilizationDate,
      expiryDate: pack.expiryDate,
      wet: pack.wet,
      damaged: pack.damaged,
      replacedBy: replacedBy ? { barcode: replacedBy.barcode, state: replacedBy.state } : null,
      events: events.map((e) => ({ id: e.id, at: e.at, type: e.type, fromState: e.fromState, toState: e.toState, by: person(e.actorId), secondBy: person(e.secondActorId), station: e.station, data: e.data })),
    };
  }

  /** A set's history: every cycle (pack) it went through, newest first. */
  async set(code: string) {
    const scan = readScan(code);
    if (scan.kind !== 'set') throw new DomainError('INVALID_BARCODE', { code });
    const set = await this.db.getRepository(InstrumentSet).findOneBy({ assetCode: scan.assetCode });
    if (!set) throw new DomainError('UNKNOWN_BARCODE', { code: scan.assetCode });
    const packs = await this.db.getRepository(Pack).find({ where: { setId: set.id }, order: { createdAt: 'DESC', id: 'DESC' } });
    return {
      set: { id: set.id, assetCode: set.assetCode, templateId: set.templateId, homeDepartmentId: set.homeDepartmentId, cycleCount: set.cycleCount, active: set.active },
      cycles: await summarizeMany(this.db.manager, packs),
    };
  }

  private async people(ids: (string | null)[]): Promise<Map<string, NonNullable<PersonRef>>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (unique.length === 0) return new Map();
    const users = await this.db.getRepository(User).find({ where: { id: In(unique) } });
    return new Map(users.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.displayName }]));
  }
}
