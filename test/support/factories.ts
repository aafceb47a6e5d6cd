import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../src/users/password.js';
import { BiProduct } from '../../src/catalog/bi-product.entity.js';
import { Department } from '../../src/catalog/department.entity.js';
import { InstrumentSet } from '../../src/catalog/instrument-set.entity.js';
import { SetTemplate } from '../../src/catalog/set-template.entity.js';
import { packagingSuits } from '../../src/catalog/packaging-compatibility.js';
import { SterilizerProgram } from '../../src/catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../../src/catalog/sterilizer.entity.js';
import { WasherProgram } from '../../src/catalog/washer-program.entity.js';
import { Washer } from '../../src/catalog/washer.entity.js';
import type { Role } from '../../src/common/auth/roles.js';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { Certification } from '../../src/users/certification.entity.js';
import { User } from '../../src/users/user.entity.js';
import { testNow, type TestApp } from './app.js';

/** created_at and updated_at as the service writes them: from its clock (the database supplies no time). */
function stamp(t: TestApp): { createdAt: Date; updatedAt: Date } {
  const now = t.clock.instant();
  return { createdAt: now, updatedAt: now };
}

/** A code no other test uses: tests never depend on each other's rows. */
export function uniq(prefix = 'T'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`.toUpperCase();
}

export const TEST_PASSWORD = 'correct-horse-battery-staple';
export const TEST_PIN = '246810';
let passwordHash: Promise<string> | null = null;
let pinHash: Promise<string> | null = null;

export interface TestUser {
  user: User;
  password: string;
  pin: string;
  token: string;
}

export async function createUser(
  t: TestApp,
  role: Role,
  opts: { departmentId?: string; badge?: boolean; active?: boolean; username?: string; certified?: boolean } = {},
): Promise<TestUser> {
  passwordHash ??= hashSecret(TEST_PASSWORD);
  pinHash ??= hashSecret(TEST_PIN);
  const departmentId = role === 'department' ? (opts.departmentId ?? (await createDepartment(t)).id) : null;
  const user = await t.ds.getRepository(User).save(
    t.ds.getRepository(User).create({
      username: (opts.username ?? uniq(role.replace('_', ''))).toLowerCase(),
      displayName: `Test ${role}`,
      passwordHash: await passwordHash,
      role,
      departmentId,
      badgeCode: opts.badge ? uniq('B') : null,
      pinHash: opts.badge ? await pinHash : null,
      active: opts.active ?? true,
      ...stamp(t),
    }),
  );
  // Nurses run sterilizers and washers: by default they hold valid operator certificates
  // (灭菌员上岗证, 清洗消毒员上岗证; seed 6.2).
  if (role === 'nurse' && opts.certified !== false) {
    await t.ds.getRepository(Certification).insert(
      ['sterilizer_operator', 'washer_operator'].map((kind) => ({
        userId: user.id,
        kind,
        number: null,
        validUntil: '2099-12-31',
        createdBy: user.id,
        createdAt: t.clock.instant(),
      })),
    );
  }
  const token = t.jwt.sign({ sub: user.id, role }, { expiresIn: 3600 });
  return { user, password: TEST_PASSWORD, pin: TEST_PIN, token };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function createDepartment(t: TestApp, over: Partial<Department> = {}) {
  const r = t.ds.getRepository(Department);
  return r.save(r.create({ code: uniq('D'), nameZh: '测试科室', nameEn: 'Test department', ...stamp(t), ...over }));
}

export function createTemplate(t: TestApp, over: Partial<SetTemplate> = {}) {
  const r = t.ds.getRepository(SetTemplate);
  // A packaging that suits the method (packaging-compatibility.ts): crepe for steam, polypropylene non-woven otherwise.
  const method = over.sterilizationMethod ?? 'steam_prevacuum';
  return r.save(
    r.create({
      code: uniq('TPL'),
      nameZh: '测试包',
      nameEn: 'Test set',
      packagingMaterial: packagingSuits(method, 'crepe_nonwoven') ? 'crepe_nonwoven' : 'nonwoven_polypropylene',
      alternativePackaging: [],
      sterilizationMethod: 'steam_prevacuum',
      implant: false,
      critical: false,
      dressing: false,
      weightKg: 1.5,
      contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 }],
      ...stamp(t),
      ...over,
    }),
  );
}

export async function createSet(t: TestApp, over: Partial<InstrumentSet> = {}) {
  const templateId = over.templateId ?? (await createTemplate(t)).id;
  const homeDepartmentId = over.homeDepartmentId ?? (await createDepartment(t)).id;
  const r = t.ds.getRepository(InstrumentSet);
  return r.save(r.create({ assetCode: uniq('SET'), templateId, homeDepartmentId, ...stamp(t), ...over }));
}

export async function createSterilizer(t: TestApp, over: Partial<Sterilizer> = {}) {
  const r = t.ds.getRepository(Sterilizer);
  const s = await r.save(
    r.create({
      code: uniq('S'),
      nameZh: '测试灭菌器',
      nameEn: 'Test sterilizer',
      type: 'steam_prevacuum',
      annualInspectionValidUntil: '2099-12-31',
      status: 'in_service',
      ...stamp(t),
      ...over,
    }),
  );
  const p = t.ds.getRepository(SterilizerProgram);
  const program = await p.save(
    p.create({
      sterilizerId: s.id,
      code: 'P134',
      nameZh: '134℃ 标准',
      nameEn: '134 °C standard',
      tempMinC: 134,
      tempMaxC: 137,
      minHoldMin: 4,
      pressureMinKpa: 205,
      pressureMaxKpa: 230,
      h2o2MinMgL: null,
      ...stamp(t),
    }),
  );
  return { sterilizer: s, program };
}

/** A BI product (rapid readout, 20 min, steam unless overridden). */
export function createBiProduct(t: TestApp, over: Partial<BiProduct> = {}) {
  const r = t.ds.getRepository(BiProduct);
  return r.save(
    r.create({
      code: uniq('BIP'),
      nameZh: '测试生物指示物',
      nameEn: 'Test BI',
      manufacturer: 'Test',
      methods: ['steam_prevacuum', 'steam_gravity'],
      incubationMinutes: 20,
      ...stamp(t),
      ...over,
    }),
  );
}

export async function createWasher(t: TestApp) {
  const w = await t.ds.getRepository(Washer).save({ code: uniq('W'), nameZh: '测试清洗机', nameEn: 'Test washer', ...stamp(t) });
  const program = await t.ds.getRepository(WasherProgram).save({
    washerId: w.id,
    code: 'INST',
    nameZh: '器械标准程序',
    nameEn: 'Instruments standard',
    disinfectTempMinC: 90,
    disinfectMinMin: 1,
    a0Min: 600,
    ...stamp(t),
  });
  return { washer: w, program };
}

/**
 * A past hospital day on which no shift handover of the shared database was drafted (a slot is a
 * day, shift and zone; one open handover each): `back` days before the clock's day, or further back
 * until free. Random days collided once clocks had jumped years.
 */
export async function freeHandoverDay(t: TestApp, back: number): Promise<string> {
  const taken = new Set(
    ((await t.ds.query('SELECT DISTINCT day::text AS day FROM shift_handovers')) as { day: string }[]).map((r) => r.day),
  );
  let day = addLocalDays(localDate(t.clock.instant(), t.config.timezone), -back);
  while (taken.has(day)) day = addLocalDays(day, -1);
  return day;
}

/** Row counts of the given tables: "the database is exactly as it was" checks compare two of these. */
export async function rowCounts(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const rows = await t.ds.query(`SELECT count(*)::int AS n FROM "${table}"`);
    out[table] = rows[0].n;
  }
  return out;
}

/** Every table of the schema (for "nothing was written anywhere" checks). */
export async function everyTable(t: TestApp): Promise<string[]> {
  const rows: { name: string }[] = await t.ds.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Row counts of the given tables in one statement (cheap enough to take around every request of a fuzz run). */
export async function rowCountsAtOnce(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const [row] = await t.ds.query(`SELECT ${tables.map((x) => `(SELECT count(*)::int FROM "${x}") AS "${x}"`).join(', ')}`);
  return row;
}

/**
 * A complete closing record for a recall (seed 19.4): every pack that came back (`cameBack`, pulled
 * + returned) reprocessed, reported now by the service's clock.
 */
export function recallClosing(cameBack: number, over: Record<string, unknown> = {}) {
  return {
    cause: '灭菌器排气阀故障',
    reprocessedCount: cameBack,
    discardedCount: 0,
    reportedTo: '医院感染管理科',
    reportedAt: testNow().toISOString(),
    conclusion: '故障已修复，复测合格，随访患者无感染',
    ...over,
  };
}
