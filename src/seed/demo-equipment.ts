import type { EntityManager } from 'typeorm';
import { addLocalDays } from '../common/clock.js';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Washer } from '../catalog/washer.entity.js';
import { Equipment, EquipmentFault, EquipmentMaintenance, type EquipmentKind } from '../equipment/equipment.entity.js';

const DAY_MS = 86_400_000;

/** A machine of the demo's register: [code, kind, zh, en, service interval in months, days since its last service, who answers for it]. */
type DemoMachine = {
  code: string;
  kind: EquipmentKind;
  zh: string;
  en: string;
  months: number;
  servicedDaysAgo: number;
  by: 'nurse' | 'nurse2' | 'head';
};

/** The machines the catalog does not hold (none in demo-hospital.json): realistic ones of a CSSD. */
const OTHER_MACHINES: DemoMachine[] = [
  { code: 'FKJ-1', kind: 'sealer', zh: '1号医用封口机', en: 'Medical heat sealer 1', months: 6, servicedDaysAgo: 75, by: 'nurse' },
  { code: 'FKJ-2', kind: 'sealer', zh: '2号医用封口机', en: 'Medical heat sealer 2', months: 6, servicedDaysAgo: 75, by: 'nurse' },
  { code: 'GZG-1', kind: 'drying_cabinet', zh: '医用干燥柜', en: 'Medical drying cabinet', months: 6, servicedDaysAgo: 50, by: 'nurse2' },
  {
    code: 'RO-1',
    kind: 'water_treatment',
    zh: '反渗透纯水处理系统',
    en: 'Reverse-osmosis water treatment',
    months: 3,
    servicedDaysAgo: 30,
    by: 'head',
  },
];

/**
 * The demo hospital's equipment register (issue 17, seed 6, 5.4, 6.5): every catalog sterilizer and
 * washer, and the sealers, drying cabinet and water treatment, each with its responsible operator and
 * plan (a service every six months, three for the water treatment), a few past services and monthly
 * self-inspections, the steam sterilizers' annual pressure-vessel inspection, and one fault repaired
 * and returned to service. Every machine ends in use and not overdue: the demo runs loads and cycles.
 */
export async function seedDemoEquipment(
  m: EntityManager,
  d: { sterilizers: Sterilizer[]; washers: Washer[]; users: Record<'head' | 'nurse' | 'nurse2', string>; now: Date; today: string },
): Promise<void> {
  const ago = (days: number, hour = 0) => new Date(d.now.getTime() - days * DAY_MS + hour * 3_600_000);
  const machines: (DemoMachine & { sterilizerId?: string; washerId?: string; pressureVessel?: boolean })[] = [
    ...d.sterilizers.map((s, i) => ({
      code: s.code,
      kind: 'sterilizer' as const,
      zh: s.nameZh,
      en: s.nameEn,
      months: 6,
      servicedDaysAgo: 40 + 30 * i,
      by: 'nurse' as const,
      sterilizerId: s.id,
      pressureVessel: s.type.startsWith('steam'),
    })),
    ...d.washers.map((w, i) => ({
      code: w.code,
      kind: 'washer' as const,
      zh: w.nameZh,
      en: w.nameEn,
      months: 6,
      servicedDaysAgo: 60 + 20 * i,
      by: 'nurse2' as const,
      washerId: w.id,
    })),
    ...OTHER_MACHINES,
  ];
  const record = (
    equipmentId: string,
    x: { kind: EquipmentMaintenance['kind']; note: string; performer: string | null; at: Date; faultId?: string },
  ) =>
    m.insert(EquipmentMaintenance, {
      equipmentId,
      kind: x.kind,
      faultId: x.faultId ?? null,
      outcome: 'passed',
      note: x.note,
      performer: x.performer,
      performedAt: x.at,
      recordedBy: d.users.head,
      // Entered when the demo was set up (the service's clock), dated when the work was done.
      recordedAt: d.now,
    });
  for (const x of machines) {
    const e = await m.save(
      m.create(Equipment, {
        code: x.code,
        kind: x.kind,
        nameZh: x.zh,
        nameEn: x.en,
        sterilizerId: x.sterilizerId ?? null,
        washerId: x.washerId ?? null,
        responsibleUserId: d.users[x.by],
        serviceIntervalMonths: x.months,
        lastServiceOn: addLocalDays(d.today, -x.servicedDaysAgo),
        documents: x.kind === 'sterilizer' ? '说明书、压力容器使用登记证、年检报告：设备档案柜 A-1' : '说明书、保养合同：设备档案柜 A-2',
        createdBy: d.users.head,
        createdAt: d.now,
      }),
    );
    await record(e.id, {
      kind: 'service',
      note: x.kind === 'water_treatment' ? '更换预处理滤芯与活性炭，电导率 3.2 µS/cm' : '半年度预防性维护保养，各项功能检测正常',
      performer: '厂家工程师 王工',
      at: ago(x.servicedDaysAgo, 10),
    });
    // seed 6.5: the monthly self-inspection, the last two months.
    for (const days of [35, 5]) {
      await record(e.id, { kind: 'self_inspection', note: '月度自检：外观、密封、仪表、报警功能正常', performer: null, at: ago(days, 9) });
    }
    if (x.pressureVessel) {
      // Pressure vessels (steam sterilizers): the annual inspection by the special-equipment inspectors.
      await record(e.id, {
        kind: 'service',
        note: '压力容器年度定期检验合格 annual pressure-vessel inspection passed',
        performer: '市特种设备检验研究院',
        at: ago(120, 14),
      });
    }
  }
  // One fault, repaired and returned to service: the second washer's spray arm three weeks ago.
  const washer = d.washers.at(-1);
  if (washer) {
    const [e] = await m.find(Equipment, { where: { washerId: washer.id } });
    const fault = await m.save(
      m.create(EquipmentFault, {
        equipmentId: e.id,
        description: '旋转喷淋臂堵塞，清洗效果测试不合格 spray arm blocked, cleaning test failed',
        occurredAt: ago(21, 8),
        outOfUse: true,
        reportedBy: d.users.nurse2,
        reportedAt: d.now,
      }),
    );
    await record(e.id, {
      kind: 'repair',
      note: '疏通喷淋臂，更换过滤网',
      performer: '厂家工程师 王工',
      at: ago(20, 15),
      faultId: fault.id,
    });
    await record(e.id, {
      kind: 'return_to_service',
      note: '清洗效果测试 3 次合格，恢复使用',
      performer: null,
      at: ago(20, 17),
      faultId: fault.id,
    });
  }
}
