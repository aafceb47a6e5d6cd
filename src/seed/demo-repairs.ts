import type { EntityManager } from 'typeorm';
import type { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { RECYCLE } from '../kernel/pack-event-types.js';
import { RepairEntry, RepairStep, type Disposition, type Finding } from '../repairs/repair.entity.js';

/**
 * The demo's repair and scrap register (seed 4.4): three sets just collected, each with what its
 * count found — [asset code, collected from, template line, damaged or missing, disposition, reason,
 * cost (yuan), vendor, compensation charged to the collecting department].
 */
const CASES: [string, string, number, Finding, Disposition, string, number, string | null, number | null][] = [
  ['APP-0001', 'OR', 1, 'damaged', 'repair', '组织剪刃口变钝，剪切不利', 80, '上海某医疗器械维修有限公司', null],
  ['LAP-0001', 'OR', 4, 'damaged', 'scrap', '弯止血钳钳齿断裂，无法修复', 150, null, null],
  ['SUT-0001', 'ED', 2, 'missing', 'lost', '回收时有齿镊缺失，科室未找回', 45, null, 45],
];

/**
 * Collects the three sets (a pack and its recycling count each, as the recycling station writes
 * them) and records what was decided: the scissors sent for repair, the broken forceps awaiting the
 * head nurse's scrap confirmation, the lost tweezers charged to the emergency department.
 */
export async function seedDemoRepairs(
  m: EntityManager,
  o: { departments: Map<string, Department>; headNurseId: string; nurseId: string; now: Date },
): Promise<void> {
  for (const [assetCode, from, line, finding, disposition, reason, cost, vendor, compensation] of CASES) {
    const set = await m.findOneByOrFail(InstrumentSet, { assetCode });
    const template = await m.findOneByOrFail(SetTemplate, { id: set.templateId });
    const item = template.contents[line - 1];
    const department = o.departments.get(from)!;
    const counted = { line, nameZh: item.nameZh, nameEn: item.nameEn, specification: item.specification, quantity: 1 };
    const [pack] = await m.query(
      `INSERT INTO packs (set_id, template_id, cycle_no, state, implant, contamination_class, created_at, updated_at)
       VALUES ($1, $2, 1, 'collected', $3, 'routine', $4, $4) RETURNING id`,
      [set.id, template.id, template.implant, o.now],
    );
    const [event] = await m.query(
      `INSERT INTO pack_events (pack_id, at, type, from_state, to_state, actor_id, station, data)
       VALUES ($1, $2, $3, NULL, 'collected', $4, 'DEMO-RECYCLING', $5) RETURNING id::text AS id`,
      [
        pack.id,
        o.now,
        RECYCLE,
        o.nurseId,
        JSON.stringify({
          fromDepartmentId: department.id,
          fromDepartmentCode: department.code,
          fromDepartmentNameZh: department.nameZh,
          fromDepartmentNameEn: department.nameEn,
          contaminationClass: 'routine',
          handover: { handedOverBy: '科室护士' },
          templateVersion: template.version,
          countMatches: false,
          missing: finding === 'missing' ? [counted] : [],
          damaged: finding === 'damaged' ? [counted] : [],
          note: null,
          previousPackId: null,
          previousBarcode: null,
        }),
      ],
    );
    await m.update(InstrumentSet, { id: set.id }, { cycleCount: 1, updatedAt: o.now });
    const entry = await m.save(
      m.create(RepairEntry, {
        packId: pack.id,
        packEventId: event.id,
        foundAtStep: 'recycling',
        foundAt: o.now,
        finding,
        setId: set.id,
        assetCode,
        templateId: template.id,
        templateVersion: template.version,
        line,
        nameZh: item.nameZh,
        nameEn: item.nameEn,
        specification: item.specification,
        quantity: 1,
        disposition,
        reason,
        cost,
        vendor,
        chargedDepartmentId: compensation === null ? null : department.id,
        compensation,
        decidedBy: disposition === 'repair' ? o.nurseId : o.headNurseId,
        decidedAt: o.now,
      }),
    );
    if (disposition === 'repair') {
      await m.insert(RepairStep, {
        entryId: entry.id,
        step: 'sent',
        vendor,
        cost: null,
        note: null,
        recordedBy: o.nurseId,
        recordedAt: o.now,
      });
    }
  }
}
