import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DataSource, EntityManager } from 'typeorm';
import { hashSecret } from '../users/password.js';
import { pinProblem } from '../config/secret-policy.js';
import type { PackagingMaterial, SterilizationMethod } from '../catalog/catalog.enums.js';
import { Department } from '../catalog/department.entity.js';
import { assertPackagingSuits } from '../catalog/packaging-compatibility.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { BiProduct } from '../catalog/bi-product.entity.js';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { WasherProgram } from '../catalog/washer-program.entity.js';
import { Washer } from '../catalog/washer.entity.js';
import { seedDemoEquipment } from './demo-equipment.js';
import type { Role } from '../common/auth/roles.js';
import { Certification } from '../users/certification.entity.js';
import { User } from '../users/user.entity.js';
import { seedDemoSupplies } from './demo-supplies.js';
import { seedDemoLoaners } from './demo-loaners.js';
import { seedDemoRepairs } from './demo-repairs.js';
import { seedDemoRequisitions } from './demo-requisitions.js';

/** The shape of src/seed/demo-hospital.json (a copy of shared/data/demo-hospital.json). */
export interface DemoHospital {
  departments: { code: string; zh: string; en: string }[];
  templates: {
    code: string;
    zh: string;
    en: string;
    packaging: PackagingMaterial;
    method: SterilizationMethod;
    implant: boolean;
    critical: boolean;
    dressing?: boolean;
    weightKg: number;
    items: [string, string, string, number][];
  }[];
  sterilizers: {
    code: string;
    zh: string;
    en: string;
    type: SterilizationMethod;
    programs: {
      code: string;
      zh: string;
      en: string;
      tempMinC: number;
      tempMaxC: number;
      minHoldMin: number;
      minCycleMin?: number;
      pressureMinKPa?: number;
      pressureMaxKPa?: number;
      h2o2MinMgL?: number;
    }[];
  }[];
  washers: {
    code: string;
    zh: string;
    en: string;
    programs: { code: string; zh: string; en: string; disinfectTempMinC: number; disinfectMinMin: number; a0Min: number }[];
  }[];
  biProducts: { code: string; zh: string; en: string; manufacturer: string; methods: SterilizationMethod[]; incubationMinutes: number }[];
}

export function loadDemoHospital(): DemoHospital {
  // The build copies the JSON beside the compiled module (see the build script).
  return JSON.parse(readFileSync(new URL('./demo-hospital.json', import.meta.url), 'utf8'));
}

export interface DemoCredential {
  role: Role;
  username: string;
  password: string;
  badgeCode?: string;
  pin?: string;
}

/** Which department a demo set belongs to, by template code. */
const HOME: Record<string, string> = {
  ORB: 'ORTHO',
  IMP: 'ORTHO',
  CS: 'OBGYN',
  DEN: 'STOM',
  LSC: 'GS',
  TRACH: 'ICU',
  RESC: 'ED',
  LP: 'IM',
  DRS: 'GS',
  SUT: 'ED',
};

/**
 * The demo hospital (演示医院): catalog from demo-hospital.json, three sets per reusable
 * template, one user per role with fresh random passwords. Only for an empty embedded database.
 */
export async function seedDemoHospital(ds: DataSource, now: Date, today: string): Promise<DemoCredential[]> {
  const data = loadDemoHospital();
  // Every row is dated by the service's clock (`now`), never by the database's.
  const stamp = { createdAt: now, updatedAt: now };
  return ds.transaction(async (m) => {
    const depts = new Map<string, Department>();
    for (const d of data.departments) {
      depts.set(d.code, await m.save(m.create(Department, { code: d.code, nameZh: d.zh, nameEn: d.en, ...stamp })));
    }
    for (const t of data.templates) {
      // The demo must follow the catalog's own rule (WS 310.2: packaging chosen by method).
      assertPackagingSuits(t.method, t.packaging, { templateCode: t.code });
      const template = await m.save(
        m.create(SetTemplate, {
          code: t.code,
          nameZh: t.zh,
          nameEn: t.en,
          packagingMaterial: t.packaging,
          alternativePackaging: [],
          sterilizationMethod: t.method,
          implant: t.implant,
          critical: t.critical,
          dressing: t.dressing ?? false,
          weightKg: t.weightKg,
          contents: t.items.map(([nameZh, nameEn, specification, quantity]) => ({ nameZh, nameEn, specification, quantity })),
          ...stamp,
        }),
      );
      if (t.dressing) continue;
      for (let i = 1; i <= 3; i++) {
        await m.save(
          m.create(InstrumentSet, {
            assetCode: `${t.code}-${String(i).padStart(4, '0')}`,
            templateId: template.id,
            homeDepartmentId: depts.get(HOME[t.code] ?? 'OR')!.id,
            ...stamp,
          }),
        );
      }
    }
    const inspectionValid = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    for (const s of data.sterilizers) {
      const st = await m.save(
        m.create(Sterilizer, {
          code: s.code,
          nameZh: s.zh,
          nameEn: s.en,
          type: s.type,
          annualInspectionValidUntil: inspectionValid,
          status: 'in_service',
          ...stamp,
        }),
      );
      for (const p of s.programs) {
        await m.save(
          m.create(SterilizerProgram, {
            sterilizerId: st.id,
            code: p.code,
            nameZh: p.zh,
            nameEn: p.en,
            tempMinC: p.tempMinC,
            tempMaxC: p.tempMaxC,
            minHoldMin: p.minHoldMin,
            minCycleMin: p.minCycleMin ?? 0,
            pressureMinKpa: p.pressureMinKPa ?? null,
            pressureMaxKpa: p.pressureMaxKPa ?? null,
            h2o2MinMgL: p.h2o2MinMgL ?? null,
            ...stamp,
          }),
        );
      }
    }
    for (const b of data.biProducts) {
      await m.save(
        m.create(BiProduct, {
          code: b.code,
          nameZh: b.zh,
          nameEn: b.en,
          manufacturer: b.manufacturer,
          methods: b.methods,
          incubationMinutes: b.incubationMinutes,
          ...stamp,
        }),
      );
    }
    for (const w of data.washers) {
      const washer = await m.save(m.create(Washer, { code: w.code, nameZh: w.zh, nameEn: w.en, ...stamp }));
      for (const p of w.programs) {
        await m.save(
          m.create(WasherProgram, {
            washerId: washer.id,
            code: p.code,
            nameZh: p.zh,
            nameEn: p.en,
            disinfectTempMinC: p.disinfectTempMinC,
            disinfectMinMin: p.disinfectMinMin,
            a0Min: p.a0Min,
            ...stamp,
          }),
        );
      }
    }
    const credentials = await seedDemoUsers(m, depts.get('OR')!.id, inspectionValid, now);
    const [head, nurse] = [
      await m.findOneByOrFail(User, { username: 'demo-head' }),
      await m.findOneByOrFail(User, { username: 'demo-nurse' }),
    ];
    await seedDemoEquipment(m, {
      sterilizers: await m.find(Sterilizer, { order: { code: 'ASC' } }),
      washers: await m.find(Washer, { order: { code: 'ASC' } }),
      users: { head: head.id, nurse: nurse.id, nurse2: (await m.findOneByOrFail(User, { username: 'demo-nurse2' })).id },
      now,
      today,
    });
    await seedDemoSupplies(m, { departments: depts, headNurseId: head.id, nurseId: nurse.id, now, today });
    const ward = await m.findOneByOrFail(User, { username: 'demo-or' });
    await seedDemoRequisitions(m, { departments: depts, headNurseId: head.id, departmentUserId: ward.id, now });
    await seedDemoRepairs(m, { departments: depts, headNurseId: head.id, nurseId: nurse.id, now });
    await seedDemoLoaners(m, { departments: depts, nurseId: nurse.id, now, today });
    return credentials;
  });
}

async function seedDemoUsers(m: EntityManager, orDepartmentId: string, certValidUntil: string, now: Date): Promise<DemoCredential[]> {
  const people: { role: Role; username: string; zh: string; en: string; badge?: boolean }[] = [
    { role: 'admin', username: 'demo-admin', zh: '演示管理员', en: 'Demo administrator' },
    { role: 'head_nurse', username: 'demo-head', zh: '演示护士长', en: 'Demo head nurse', badge: true },
    { role: 'monitor', username: 'demo-monitor', zh: '演示质检员', en: 'Demo quality monitor', badge: true },
    { role: 'nurse', username: 'demo-nurse', zh: '演示护士', en: 'Demo CSSD nurse', badge: true },
    { role: 'nurse', username: 'demo-nurse2', zh: '演示护士二', en: 'Demo CSSD nurse 2', badge: true },
    { role: 'department', username: 'demo-or', zh: '演示手术室', en: 'Demo operating room', badge: false },
  ];
  const out: DemoCredential[] = [];
  for (const [i, p] of people.entries()) {
    const password = randomBytes(9).toString('base64url');
    // Drawn again until the PIN rule accepts it (no 000000, 123456, …: src/config/secret-policy.ts).
    let pin: string | undefined;
    do pin = p.badge ? String(randomInt(0, 1_000_000)).padStart(6, '0') : undefined;
    while (pin !== undefined && pinProblem(pin));
    const badgeCode = p.badge ? `DEMO-B${String(i + 1).padStart(3, '0')}` : undefined;
    const user = await m.save(
      m.create(User, {
        username: p.username,
        displayName: `${p.zh} ${p.en}`,
        passwordHash: await hashSecret(password),
        role: p.role,
        departmentId: p.role === 'department' ? orDepartmentId : null,
        badgeCode: badgeCode ?? null,
        pinHash: pin ? await hashSecret(pin) : null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    if (p.role === 'nurse') {
      // Sterilizer and washer operators' certificates (seed 6.2).
      for (const [k, kind] of ['sterilizer_operator', 'washer_operator'].entries()) {
        await m.save(
          m.create(Certification, {
            userId: user.id,
            kind,
            number: `DEMO-${i}${k ? '-W' : ''}`,
            validUntil: certValidUntil,
            createdBy: user.id,
            createdAt: now,
          }),
        );
      }
    }
    out.push({ role: p.role, username: p.username, password, badgeCode, pin });
  }
  return out;
}
