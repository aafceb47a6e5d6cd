import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { localDate } from '../../src/common/clock.js';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { assertMachineInUse } from '../../src/kernel/machine-status.js';
import { seedDemoHospital } from '../../src/seed/demo-seed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { createScratchDatabase } from '../support/test-db.js';

interface Machine {
  code: string;
  kind: string;
  sterilizerId: string | null;
  washerId: string | null;
  responsibleName: string;
  serviceIntervalMonths: number;
  status: string;
  lastSelfInspectionOn: string | null;
  openFaults: unknown[];
}

/**
 * Issue 17, the equipment register in the demo hospital (seed 6, 5.4, 6.5): on a database of its
 * own, the demo seed registers every catalog sterilizer and washer and the sealers, drying cabinet
 * and water treatment, each with its responsible operator and plan, past services and
 * self-inspections, the pressure vessels' annual inspection and one fault repaired — and leaves
 * every machine usable (the demo runs loads and cycles).
 */
describe('the demo hospital’s equipment register', () => {
  let t: TestApp;
  let ds: DataSource;
  let monitor: TestUser;
  let machines: Machine[];

  beforeAll(async () => {
    const ownerUrl = await createScratchDatabase('demo');
    t = await createTestApp({}, { ownerUrl });
    ds = createDataSource(ownerUrl, ENTITIES);
    await ds.initialize();
    await seedDemoHospital(ds, t.clock.instant(), localDate(t.clock.instant(), t.config.timezone));
    monitor = await createUser(t, 'monitor');
    machines = expectOk(await t.http().get('/api/equipment').set(bearer(monitor.token))) as Machine[];
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  it('registers every seeded sterilizer and washer, and the sealers, drying cabinet and water treatment, each with its operator and plan', async () => {
    const sterilizers: { id: string }[] = await ds.query(`SELECT id FROM sterilizers`);
    const washers: { id: string }[] = await ds.query(`SELECT id FROM washers`);
    expect(sterilizers.length).toBeGreaterThanOrEqual(3);
    expect(
      machines
        .filter((m) => m.kind === 'sterilizer')
        .map((m) => m.sterilizerId)
        .sort(),
    ).toEqual(sterilizers.map((s) => s.id).sort());
    expect(
      machines
        .filter((m) => m.kind === 'washer')
        .map((m) => m.washerId)
        .sort(),
    ).toEqual(washers.map((w) => w.id).sort());
    expect(new Set(machines.map((m) => m.kind))).toEqual(new Set(['sterilizer', 'washer', 'sealer', 'drying_cabinet', 'water_treatment']));
    for (const m of machines) {
      expect(m.responsibleName).toMatch(/^演示/);
      expect(m.serviceIntervalMonths).toBeGreaterThanOrEqual(3);
      // seed 6.5: a monthly self-inspection on record.
      expect(m.lastSelfInspectionOn).not.toBeNull();
    }
  });

  it('records past services, the pressure vessels’ annual inspection and one fault repaired and returned to service', async () => {
    const records: { code: string; kind: string; note: string }[] = await ds.query(
      `SELECT e.code, x.kind, x.note FROM equipment_maintenance x JOIN equipment e ON e.id = x.equipment_id`,
    );
    for (const m of machines) expect(records.some((r) => r.code === m.code && r.kind === 'service')).toBe(true);
    const steam: { code: string }[] = await ds.query(`SELECT code FROM sterilizers WHERE type LIKE 'steam%'`);
    for (const s of steam) expect(records.some((r) => r.code === s.code && r.note.includes('压力容器'))).toBe(true);
    const faults: { code: string; id: string }[] = await ds.query(
      `SELECT e.code, f.id FROM equipment_faults f JOIN equipment e ON e.id = f.equipment_id`,
    );
    expect(faults).toHaveLength(1);
    expect(records.filter((r) => r.code === faults[0].code).map((r) => r.kind)).toEqual(
      expect.arrayContaining(['repair', 'return_to_service']),
    );
  });

  it('leaves every machine usable: none out of use or overdue, every sterilizer and washer may run', async () => {
    expect(machines.filter((m) => m.status === 'out_of_use' || m.status === 'service_overdue' || m.openFaults.length > 0)).toEqual([]);
    const now = t.clock.instant();
    for (const m of machines.filter((x) => x.sterilizerId)) {
      await expect(assertMachineInUse(ds.manager, { sterilizerId: m.sterilizerId! }, now, t.config.timezone)).resolves.toBeUndefined();
    }
    for (const m of machines.filter((x) => x.washerId)) {
      await expect(assertMachineInUse(ds.manager, { washerId: m.washerId! }, now, t.config.timezone)).resolves.toBeUndefined();
    }
  });

  it('shows a loaner implant tray received for tomorrow’s operation in the operating room, waiting for cleaning (issue 16)', async () => {
    const nurse = await createUser(t, 'nurse');
    const day = localDate(t.clock.instant(), t.config.timezone);
    const { trays } = expectOk(await t.http().get(`/api/loaners?date=${day}`).set(bearer(nurse.token))) as {
      trays: { trayCode: string; state: string; implant: boolean; lines: { implant: boolean }[] }[];
    };
    const demo = trays.find((x) => x.trayCode === 'LNT-DEMO-0001');
    expect(demo).toMatchObject({ state: 'collected', implant: true });
    expect(demo!.lines.filter((l) => l.implant)).toHaveLength(3);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM set_templates t JOIN instrument_sets s ON s.template_id = t.id
      WHERE s.asset_code = 'LNT-DEMO-0001' AND t.implant AND t.critical AND s.active`);
    expect(n).toBe(1);
  });
});
