import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { machineState } from '../kernel/machine-status.js';
import { reportPeriod, type PeriodQuery } from '../reports/period.js';
import { periodLabel } from '../reports/report-table.js';
import { equipmentDocument } from './equipment-export.js';
import type { RecordMaintenanceDto, RegisterEquipmentDto, ReportFaultDto, ReturnToServiceDto } from './dto/equipment.dto.js';
import { Equipment, EquipmentFault, EquipmentMaintenance } from './equipment.entity.js';
import { EquipmentRepository, type EquipmentRow, type FaultRow, type MaintenanceRow } from './equipment.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const DEFAULT_SERVICE_INTERVAL_MONTHS = 6;

/**
 * The equipment register and its maintenance (seed 6, 5.4, 6.5): every machine with its responsible
 * operator and its service plan; faults reported by anyone; services, repairs, monthly
 * self-inspections and returns to service recorded by whom with their outcome. Every record is a
 * new row. Whether a machine may run is decided in src/kernel/machine-status.ts, which the load
 * gate and the washer cycle read.
 */
@Injectable()
export class EquipmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EquipmentRepository,
  ) {}

  async list() {
    const rows = await this.repo.list();
    const open = await this.repo.faults(
      this.db,
      rows.map((r) => r.id),
      true,
    );
    return rows.map((r) => this.view(r, open));
  }

  async get(id: string) {
    return this.detail(this.db.manager, id);
  }

  /**
   * The register of a period (hospital calendar; this month when none is given): every machine with
   * its plan and status today, and the maintenance done and faults noticed in the period.
   */
  async periodRegister(q: PeriodQuery) {
    const tz = this.config.timezone;
    const today = localDate(this.clock.instant(), tz);
    const none = !q.date && !q.week && !q.month && !q.from && !q.to;
    const p = reportPeriod(none ? { month: today.slice(0, 7) } : q, today, tz, REGISTER_MAX_DAYS);
    const [machines, maintenance, faults] = await Promise.all([
      this.list(),
      this.repo.periodMaintenance(p.from, p.to),
      this.repo.periodFaults(p.from, p.to),
    ]);
    return {
      from: p.fromDate,
      to: p.toDate,
      timezone: tz,
      machines,
      maintenance: maintenance.map((x) => ({ ...maintenanceView(x), equipmentId: x.equipmentId, equipmentCode: x.equipmentCode })),
      faults: faults.map((f) => ({ ...faultView(f), equipmentId: f.equipmentId, equipmentCode: f.equipmentCode })),
    };
  }

  registerDocument(r: Awaited<ReturnType<EquipmentService['periodRegister']>>) {
    return equipmentDocument(r, { hospital: this.config.hospitalName, period: periodLabel(r.from, r.to), timezone: r.timezone });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  register(actor: Actor, dto: RegisterEquipmentDto) {
    return this.db.transaction(async (m) => {
      const sterilizerId = dto.sterilizerId ?? null;
      const washerId = dto.washerId ?? null;
      const linked =
        dto.kind === 'sterilizer'
          ? sterilizerId && !washerId
          : dto.kind === 'washer'
            ? washerId && !sterilizerId
            : !sterilizerId && !washerId;
      if (!linked) throw new DomainError('EQUIPMENT_MACHINE_REQUIRED');
      if (sterilizerId && !(await this.repo.catalogMachineExists(m, { sterilizerId }))) throw new DomainError('STERILIZER_NOT_FOUND');
      if (washerId && !(await this.repo.catalogMachineExists(m, { washerId }))) throw new DomainError('WASHER_NOT_FOUND');
      if (!(await this.repo.isCssdStaff(m, dto.responsibleUserId))) throw new DomainError('EQUIPMENT_RESPONSIBLE_INVALID');
      const code = dto.code.trim();
      const taken = await this.repo.isRegistered(m, { code, sterilizerId, washerId });
      if (taken === 'code') throw new DomainError('DUPLICATE_CODE', { code });
      if (taken === 'machine') throw new DomainError('EQUIPMENT_ALREADY_REGISTERED');
      const saved = await m.save(
        m.create(Equipment, {
          code,
          kind: dto.kind,
          nameZh: dto.nameZh.trim(),
          nameEn: dto.nameEn.trim(),
          sterilizerId,
          washerId,
          responsibleUserId: dto.responsibleUserId,
          serviceIntervalMonths: dto.serviceIntervalMonths ?? DEFAULT_SERVICE_INTERVAL_MONTHS,
          lastServiceOn: dto.lastServiceOn,
          documents: dto.documents?.trim() || null,
          createdBy: actor.id,
          createdAt: this.clock.instant(),
        }),
      );
      return this.detail(m, saved.id);
    });
  }

  /** Anyone of the CSSD reports a fault; one that takes the machine out of use stops it at once. */
  reportFault(actor: Actor, id: string, dto: ReportFaultDto) {
    const now = this.clock.instant();
    const occurredAt = statedInstant(dto.occurredAt, now, 'occurredAt', { timezone: this.config.timezone });
    return this.db.transaction(async (m) => {
      if (!(await this.repo.lock(m, id))) throw new DomainError('EQUIPMENT_NOT_FOUND');
      await m.insert(EquipmentFault, {
        equipmentId: id,
        description: dto.description.trim(),
        outOfUse: dto.outOfUse,
        occurredAt,
        reportedBy: actor.id,
        reportedAt: now,
      });
      return this.detail(m, id);
    });
  }

  /** A service, repair or monthly self-inspection, by whom, with its outcome. A passing service restarts the plan. */
  record(actor: Actor, id: string, dto: RecordMaintenanceDto) {
    const now = this.clock.instant();
    const performedAt = statedInstant(dto.performedAt, now, 'performedAt', { timezone: this.config.timezone });
    return this.db.transaction(async (m) => {
      if (!(await this.repo.lock(m, id))) throw new DomainError('EQUIPMENT_NOT_FOUND');
      if (dto.faultId && !(await this.repo.fault(m, id, dto.faultId))) throw new DomainError('EQUIPMENT_FAULT_NOT_FOUND');
      await m.insert(EquipmentMaintenance, {
        equipmentId: id,
        kind: dto.kind,
        faultId: dto.faultId ?? null,
        outcome: dto.outcome,
        note: dto.note.trim(),
        performer: dto.performer?.trim() || null,
        performedAt,
        recordedBy: actor.id,
        recordedAt: now,
      });
      return this.detail(m, id);
    });
  }

  /** The head nurse returns a machine to service: a new record closing the fault that took it out of use (never an update). */
  returnToService(actor: Actor, id: string, dto: ReturnToServiceDto) {
    const now = this.clock.instant();
    return this.db.transaction(async (m) => {
      if (!(await this.repo.lock(m, id))) throw new DomainError('EQUIPMENT_NOT_FOUND');
      const fault = await this.repo.fault(m, id, dto.faultId);
      if (!fault) throw new DomainError('EQUIPMENT_FAULT_NOT_FOUND');
      if (!fault.open) throw new DomainError('EQUIPMENT_FAULT_NOT_OUT_OF_USE');
      await m.insert(EquipmentMaintenance, {
        equipmentId: id,
        kind: 'return_to_service',
        faultId: fault.id,
        outcome: 'passed',
        note: dto.note.trim(),
        performer: dto.performer?.trim() || null,
        performedAt: now,
        recordedBy: actor.id,
        recordedAt: now,
      });
      return this.detail(m, id);
    });
  }

  private async detail(m: EntityManager, id: string) {
    const row = await this.repo.one(m, id);
    if (!row) throw new DomainError('EQUIPMENT_NOT_FOUND');
    const faults = await this.repo.faults(m, [id], false);
    const maintenance = await this.repo.maintenance(m, id);
    return { ...this.view(row, faults), faults: faults.map(faultView), maintenance: maintenance.map(maintenanceView) };
  }

  private view(r: EquipmentRow, faults: FaultRow[]) {
    const tz = this.config.timezone;
    const today = localDate(this.clock.instant(), tz);
    const state = machineState(r, today, tz);
    const lastSelfInspectionOn = r.lastSelfInspectionAt ? localDate(new Date(r.lastSelfInspectionAt), tz) : null;
    return {
      id: r.id,
      code: r.code,
      kind: r.kind,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      sterilizerId: r.sterilizerId,
      washerId: r.washerId,
      responsibleUserId: r.responsibleUserId,
      responsibleName: r.responsibleName,
      documents: r.documents,
      serviceIntervalMonths: r.intervalMonths,
      lastServiceOn: state.lastServiceOn,
      nextServiceDue: state.nextServiceDue,
      status: state.status,
      lastSelfInspectionOn,
      // seed 6.5: a self-inspection every month.
      selfInspectionDue: lastSelfInspectionOn?.slice(0, 7) !== today.slice(0, 7),
      openFaults: faults.filter((f) => f.equipmentId === r.id && f.open).map(faultView),
    };
  }
}

/** The longest period the register exports: a year. */
const REGISTER_MAX_DAYS = 366;

function faultView(f: FaultRow) {
  return {
    id: f.id,
    description: f.description,
    outOfUse: f.outOfUse,
    open: f.open,
    occurredAt: iso(f.occurredAt),
    reportedBy: f.reportedBy,
    reportedByName: f.reportedByName,
    reportedAt: iso(f.reportedAt),
  };
}

function maintenanceView(x: MaintenanceRow) {
  return { ...x, performedAt: iso(x.performedAt), recordedAt: iso(x.recordedAt) };
}
