import type { EntityManager } from 'typeorm';
import type { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { RECYCLE } from '../kernel/pack-event-types.js';
import { LoanerTray, type CountSheetLine } from '../loaners/loaner-tray.entity.js';

/** The lender's count sheet of the demo's orthopaedic implant tray (a femoral shaft fixation). */
const LINES: CountSheetLine[] = [
  { nameZh: '锁定加压钢板', nameEn: 'Locking compression plate', specification: '4.5 mm × 10 孔', quantity: 2, implant: true },
  { nameZh: '锁定螺钉', nameEn: 'Locking screw', specification: '5.0 × 40 mm', quantity: 12, implant: true },
  { nameZh: '皮质骨螺钉', nameEn: 'Cortex screw', specification: '4.5 × 36 mm', quantity: 6, implant: true },
  { nameZh: '复位钳', nameEn: 'Reduction forceps', specification: '', quantity: 2, implant: false },
  { nameZh: '钻头', nameEn: 'Drill bit', specification: '4.3 mm', quantity: 2, implant: false },
  { nameZh: '限深钻套', nameEn: 'Drill sleeve', specification: '', quantity: 1, implant: false },
];

/**
 * The demo's loaner tray (外来医疗器械, issue 16): delivered by its lender this morning for an operation
 * in the operating room tomorrow, counted in at the decontamination zone and waiting for cleaning —
 * written as a receipt writes it (src/loaners/loaners.service.ts: its own implant template and set,
 * the tray, and the first cycle's pack with its recycling event), since the seed runs without the
 * services. From here the demo's stations take it like any set.
 */
export async function seedDemoLoaners(
  m: EntityManager,
  o: { departments: Map<string, Department>; nurseId: string; now: Date; today: string },
): Promise<void> {
  const or = o.departments.get('OR')!;
  const code = `LN-${o.today.replaceAll('-', '')}-01`;
  const lenderName = '强生（上海）医疗器材有限公司';
  const deliveredBy = '王强';
  const template = await m.save(
    m.create(SetTemplate, {
      code,
      nameZh: `外来器械 ${lenderName}`,
      nameEn: `Loaner tray, ${lenderName}`,
      packagingMaterial: 'rigid_container',
      alternativePackaging: [],
      sterilizationMethod: 'steam_prevacuum',
      implant: true,
      critical: true,
      dressing: false,
      weightKg: null,
      maxWeightKg: null,
      gtin: null,
      contents: LINES.map((l) => ({ nameZh: l.nameZh, nameEn: l.nameEn, specification: l.specification, quantity: l.quantity })),
      active: true,
      createdAt: o.now,
      updatedAt: o.now,
    }),
  );
  const set = await m.save(
    m.create(InstrumentSet, {
      assetCode: 'LNT-DEMO-0001',
      templateId: template.id,
      homeDepartmentId: or.id,
      cycleCount: 1,
      active: true,
      createdAt: o.now,
      updatedAt: o.now,
    }),
  );
  await m.insert(LoanerTray, {
    code,
    lenderName,
    deliveredBy,
    departmentId: or.id,
    surgeon: '李建国 主任医师',
    patientId: 'ZY20261202017',
    operation: '股骨干骨折切开复位内固定术',
    plannedAt: new Date(o.now.getTime() + 24 * 3_600_000),
    templateId: template.id,
    setId: set.id,
    lines: LINES,
    note: null,
    receivedBy: o.nurseId,
    receivedAt: o.now,
  });
  const [pack] = await m.query(
    `INSERT INTO packs (set_id, template_id, cycle_no, state, implant, contamination_class, created_at, updated_at)
     VALUES ($1, $2, 1, 'collected', true, 'routine', $3, $3) RETURNING id`,
    [set.id, template.id, o.now],
  );
  await m.query(
    `INSERT INTO pack_events (pack_id, at, type, from_state, to_state, actor_id, station, data)
     VALUES ($1, $2, $3, NULL, 'collected', $4, 'DEMO-RECYCLING', $5)`,
    [
      pack.id,
      o.now,
      RECYCLE,
      o.nurseId,
      JSON.stringify({
        fromDepartmentId: or.id,
        fromDepartmentCode: or.code,
        fromDepartmentNameZh: or.nameZh,
        fromDepartmentNameEn: or.nameEn,
        contaminationClass: 'routine',
        handover: { handedOverBy: deliveredBy },
        templateVersion: template.version ?? 1,
        countMatches: true,
        missing: [],
        damaged: [],
        note: `外来器械 ${code}`,
        previousPackId: null,
        previousBarcode: null,
      }),
    ],
  );
}
