import { Injectable } from '@nestjs/common';
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
import { WasherCycle } from '../cleaning/washer-cycle.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { hydrate } from '../database/hydrate.js';
import { preparedQuery } from '../database/prepared.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackEvent } from '../packs/pack-event.entity.js';
import { Pack } from '../packs/pack.entity.js';
import { LABEL_PRINTED, LABEL_REPRINTED } from '../labels/printed-labels.js';
import { PROBLEM_AFTER_USE } from '../usage/usage.service.js';
import { summarizeMany, summaryOf } from '../packs/pack-summary.js';
import { readPackBarcode, readScan } from '../packs/scan.js';
import { runSnapshot } from '../sterilization/run-snapshot.js';
import { INSTRUMENT_REPLACED, PACK_SHORT_APPROVED, shortfallOf } from '../packing/shortfall.js';
import type { CountedLine } from '../recycling/count-sheet.js';
import type { Handover } from '../recycling/handover.js';
import { controlFailedSql } from '../monitoring/bi-verdict.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import { latestLoadingCheck } from '../sterilization/loading-check.js';

type PersonRef = { id: string; username: string; displayName: string } | null;
type Json = Record<string, unknown>;

interface ProvenanceRow {
  pack: Json;
  events: Json[];
  template: Json;
  template_version: Json | null;
  set: Json | null;
  destination: Json | null;
  cycle: Json | null;
  washer: Json | null;
  washer_program: Json | null;
  load: Json | null;
  sterilizer: Json | null;
  sterilizer_program: Json | null;
  replaced_by: Json | null;
  from_department: Json | null;
  /** The department of the set's previous pack (the cycle this one's recycling closed). */
  previous_department_id: string | null;
  people: NonNullable<PersonRef>[];
}

/**
 * A pack's whole provenance in one statement (one round trip, planned once per connection):
 * the pack by its barcode or a voided label of it, each related row as a `to_jsonb` object,
 * and the people who appear anywhere in its chain. Barcodes come from one sequence and are
 * never reused: at most one pack matches.
 *
 * The catalog as each step saw it (issue 19 item 14): the template version the pack was packed
 * to, the load's run snapshot (sterilizer and program at start). Today's rows are read only
 * where no step kept them: a pack not packed yet, a load not started, records from before.
 */
export const PROVENANCE_SQL = `
  SELECT to_jsonb(p) AS pack,
    (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.id), '[]'::jsonb) FROM pack_events e WHERE e.pack_id = p.id) AS events,
    (SELECT to_jsonb(t) FROM set_templates t WHERE t.id = p.template_id) AS template,
    (SELECT to_jsonb(v) FROM set_template_versions v WHERE v.template_id = p.template_id AND v.version = p.template_version) AS template_version,
    (SELECT to_jsonb(s) FROM instrument_sets s WHERE s.id = p.set_id) AS set,
    (SELECT to_jsonb(d) FROM departments d WHERE d.id = p.department_id) AS destination,
    (SELECT to_jsonb(c) FROM washer_cycles c WHERE c.id = p.washer_cycle_id) AS cycle,
    (SELECT to_jsonb(w) FROM washer_cycles c JOIN washers w ON w.id = c.washer_id WHERE c.id = p.washer_cycle_id) AS washer,
    (SELECT to_jsonb(wp) FROM washer_cycles c JOIN washer_programs wp ON wp.id = c.program_id WHERE c.id = p.washer_cycle_id) AS washer_program,
    (SELECT to_jsonb(l) FROM sterilizer_loads l WHERE l.id = p.load_id) AS load,
    (SELECT to_jsonb(st) FROM sterilizer_loads l JOIN sterilizers st ON st.id = l.sterilizer_id WHERE l.id = p.load_id AND l.run_snapshot IS NULL) AS sterilizer,
    (SELECT to_jsonb(sp) FROM sterilizer_loads l JOIN sterilizer_programs sp ON sp.id = l.program_id WHERE l.id = p.load_id AND l.run_snapshot IS NULL) AS sterilizer_program,
    (SELECT to_jsonb(r) FROM packs r WHERE r.id = p.replaced_by_pack_id) AS replaced_by,
    (SELECT to_jsonb(fd) FROM departments fd WHERE fd.id = (
        SELECT e.data->>'fromDepartmentId' FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'recycle' ORDER BY e.id DESC LIMIT 1)::uuid) AS from_department,
    (SELECT pp.department_id FROM packs pp WHERE pp.id = (
        SELECT e.data->>'previousPackId' FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'recycle' ORDER BY e.id DESC LIMIT 1)::uuid) AS previous_department_id,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name)), '[]'::jsonb)
       FROM users u WHERE u.id IN (
         SELECT e.actor_id FROM pack_events e WHERE e.pack_id = p.id
         UNION SELECT e.second_actor_id FROM pack_events e WHERE e.pack_id = p.id
         UNION SELECT unnest(ARRAY[p.packed_by, p.checked_by])
         UNION SELECT unnest(ARRAY[c.opened_by, c.completed_by]) FROM washer_cycles c WHERE c.id = p.washer_cycle_id
         UNION SELECT unnest(ARRAY[l.started_by, l.unloaded_by, l.unload_checked_by]) FROM sterilizer_loads l WHERE l.id = p.load_id)) AS people
  FROM packs p
  WHERE p.barcode = $1 OR p.id = (SELECT v.pack_id FROM voided_labels v WHERE v.barcode = $1)`;

/**
 * The monitoring results that let the pack's load run and released it (§4.2, §4.3): the load's
 * biological indicators (lot, placed, readable from, read, result, who; the PCD's type 5
 * indicator), the B-D that opened the sterilizer that day (pre-vacuum), and any emergency
 * release. One statement, by the load's id; people as display names (nobody sees an id).
 */
export const LOAD_MONITORING_SQL = `
  SELECT
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'lot', b.lot, 'productCode', pr.code, 'productNameZh', pr.name_zh, 'productNameEn', pr.name_en,
        'placedAt', b.placed_at, 'placedBy', pu.display_name, 'readoutMinutes', b.readout_minutes,
        'readableFrom', l.completed_at + make_interval(mins => b.readout_minutes),
        'pcdType5Passed', b.pcd_type5_passed, 'result', b.result, 'readAt', b.read_at, 'resultRecordedAt', b.result_recorded_at, 'readBy', ru.display_name,
        -- the day's positive control of its lot; one that did not grow decides (it invalidates the reading)
        'positiveControl', (SELECT jsonb_build_object('grew', pc.grew, 'readAt', pc.read_at, 'by', cu.display_name)
                              FROM bi_positive_controls pc JOIN users cu ON cu.id = pc.read_by
                             WHERE pc.lot = b.lot AND (b.product_id IS NULL OR pc.product_id = b.product_id) AND pc.control_date = b.read_date
                             ORDER BY pc.grew, pc.read_at DESC LIMIT 1),
        'invalid', b.result = 'passed' AND ${controlFailedSql('b')}) ORDER BY b.placed_at, b.id), '[]'::jsonb)
       FROM bi_tests b JOIN users pu ON pu.id = b.placed_by LEFT JOIN users ru ON ru.id = b.read_by LEFT JOIN bi_products pr ON pr.id = b.product_id
      WHERE b.load_id = l.id) AS bis,
    (SELECT jsonb_build_object('testedAt', d.tested_at, 'testDate', d.test_date, 'cycleNo', d.cycle_no, 'passed', d.passed, 'by', du.display_name)
       FROM bd_tests d JOIN users du ON du.id = d.operator_id
      WHERE d.sterilizer_id = l.sterilizer_id AND d.test_date = l.sterilization_date AND d.tested_at <= l.started_at
      ORDER BY d.tested_at DESC, d.id DESC LIMIT 1) AS bd,
    (SELECT jsonb_build_object('at', r.at, 'reason', r.reason, 'approvedBy', au.display_name)
       FROM emergency_releases r JOIN users au ON au.id = r.approved_by
      WHERE r.load_id = l.id ORDER BY r.at DESC LIMIT 1) AS emergency
  FROM sterilizer_loads l WHERE l.id = $1`;

type LoadMonitoringRow = { bis: (Json & { lot: string; result: string; resultRecordedAt: string | null })[]; bd: Json | null; emergency: Json | null };

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
      hoursAfterDispatch: b.resultRecordedAt ? Math.round((new Date(b.resultRecordedAt).getTime() - dispatchedAt.getTime()) / 360_000) / 10 : null,
    }));
  return { at: dispatchedAt, underEmergencyRelease: emergency, pendingBis };
}

type DepartmentView = { code: string; nameZh: string | null; nameEn: string | null };

/**
 * A department as the step recorded it (`<prefix>Code`, `<prefix>NameZh`, `<prefix>NameEn` in its
 * event data); what an older event did not keep comes from today's row.
 */
function departmentAsRecorded(data: Record<string, unknown>, prefix: 'department' | 'fromDepartment', today: Department | null): DepartmentView | null {
  const kept = (field: 'Code' | 'NameZh' | 'NameEn') => data[`${prefix}${field}`] as string | undefined;
  const code = kept('Code') ?? today?.code;
  if (code === undefined) return null;
  return { code, nameZh: kept('NameZh') ?? today?.nameZh ?? null, nameEn: kept('NameEn') ?? today?.nameEn ?? null };
}

/** What the recycling that began a cycle says about the set's previous cycle (where it was used, its pack). */
const PREVIOUS_CYCLE_KEYS = ['fromDepartmentId', 'fromDepartmentCode', 'fromDepartmentNameZh', 'fromDepartmentNameEn', 'previousPackId', 'previousBarcode', 'note', 'handover'];

/**
 * Provenance (§1): for any pack barcode, the whole chain in one answer. A department sees
 * only packs dispatched to it; anything else is "unknown" (404), so barcodes cannot be probed.
 * It sees its own cycle of the set only (§5, issue 19 item 12): the set's previous cycle (the
 * recycling's origin: department, earlier pack, collector's note) and next one (`replacedBy`)
 * are shown to it only when they were its own too. CSSD staff see everything.
 */
@Injectable()
export class TraceService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pack(actor: Actor, code: string) {
    const barcode = readPackBarcode(code);
    const m = this.db.manager;
    const [row] = await preparedQuery<ProvenanceRow>(m, PROVENANCE_SQL, [barcode]);
    const pack = row ? hydrate(m, Pack, row.pack, { json: true }) : null;
    if (!pack || (actor.role === 'department' && pack.departmentId !== actor.departmentId)) {
      throw new DomainError('UNKNOWN_BARCODE', { code: barcode });
    }
    const one = <T extends ObjectLiteral>(target: EntityTarget<T>, json: Record<string, unknown> | null) => (json ? hydrate(m, target, json, { json: true }) : null);
    const events = row.events.map((e) => hydrate(m, PackEvent, e, { json: true }));
    // As packed: the version the pack was packed to; before packing (or packed before versions were kept), today's template.
    const template: Omit<SetTemplate, 'id' | 'active' | 'createdAt' | 'updatedAt'> = one(SetTemplateVersion, row.template_version) ?? one(SetTemplate, row.template)!;
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
    const last = (type: string) => [...events].reverse().find((e) => e.type === type) ?? null;
    const recycle = last('recycle');
    // §5: a department sees its own cycle of the set only, not where the set was used before or after.
    const restricted = actor.role === 'department';
    const own = (departmentId: string | null | undefined) => departmentId != null && departmentId === actor.departmentId;
    const previousShown = !restricted || (own(fromDepartment?.id) && (recycle?.data.previousPackId == null || own(row.previous_department_id)));
    const nextShown = !restricted || own(replacedBy?.departmentId);
    if (!previousShown) {
      for (const e of events) if (e.type === 'recycle') e.data = Object.fromEntries(Object.entries(e.data).filter(([k]) => !PREVIOUS_CYCLE_KEYS.includes(k)));
    }
    const person = (id: string | null): PersonRef => (id ? (people.get(id) ?? null) : null);
    const handoverView = (h: Handover) => ({ handedOverBy: h.handedOverBy, handedOverByUserId: h.handedOverByUserId, receivedBy: person(h.receivedBy) });
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
        loadingCheck: await latestLoadingCheck(m, load.id),
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
    const use = last('use');
    const [monitoring] = load ? await preparedQuery<LoadMonitoringRow>(m, LOAD_MONITORING_SQL, [load.id]) : [];

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
        replacements: events.filter((e) => e.type === INSTRUMENT_REPLACED).map((e) => ({ ...(e.data as unknown as CountedLine), at: e.at, by: person(e.actorId) })),
        packedShort: approval ? { at: approval.at, approvedBy: person(approval.secondActorId), lines: approval.data.shortfall as CountedLine[] } : null,
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
        insideIndicatorReportedFailed: events.some((e) => (e.type === 'report_problem' || e.type === PROBLEM_AFTER_USE) && e.data.kind === 'inside_indicator_failed'),
      },
      // What released the load (§4.2–4.3): its BIs with read times and results, the day's B-D, an emergency release.
      monitoring: monitoring
        ? {
            biologicalIndicators: monitoring.bis,
            bowieDick: monitoring.bd,
            emergencyRelease: monitoring.emergency,
            atDispatch: last('dispatch')
              ? pendingAtDispatch(last('dispatch')!.at, monitoring.bis, events.some((e) => e.type === 'release' && e.data.emergency === true && e.at <= last('dispatch')!.at))
              : null,
          }
        : { biologicalIndicators: [], bowieDick: null, emergencyRelease: null, atDispatch: null },
      labels: {
        printed: events.filter((e) => e.type === LABEL_PRINTED).length,
        reprinted: events.filter((e) => e.type === LABEL_REPRINTED).length,
        voidedBarcodes: events.filter((e) => e.type === 'relabel').map((e) => e.data.oldBarcode as string),
      },
      storage: last('store') ? { ...eventView(last('store')), location: pack.storageLocation } : null,
      dispatch: last('dispatch') ? { ...eventView(last('dispatch')), department: departmentAsRecorded(last('dispatch')!.data, 'department', destination) } : null,
      receipt: eventView(last('receive')),
      use: use ? { ...eventView(use), patientId: use.data.patientId ?? null, operationId: use.data.operationId ?? null } : null,
      problem: eventView(last('report_problem') ?? last(PROBLEM_AFTER_USE)),
      sterilizationDate: pack.sterilizationDate,
      expiryDate: pack.expiryDate,
      wet: pack.wet,
      damaged: pack.damaged,
      replacedBy: nextShown && replacedBy ? { barcode: replacedBy.barcode, state: replacedBy.state } : null,
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

}
