import { expect } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import type { TestApp } from './app.js';
import {
  bearer,
  createBiProduct,
  createDepartment,
  createSet,
  createSterilizer,
  createTemplate,
  createUser,
  createWasher,
  type TestUser,
} from './factories.js';

/** What `beforeStart` does unless a test asks it not to. */
export interface BeforeStart {
  printLabels?: boolean;
  loadingCheck?: boolean;
  /** false: no B-D of the clock's day is recorded first (a test of BD_MISSING). */
  bd?: boolean;
}

/**
 * Drives packs through the chain over HTTP, as the stations do. Each call asserts its step
 * succeeded, so a test can focus on the step it is about.
 */
export class ChainDriver {
  private constructor(
    readonly t: TestApp,
    readonly nurse: TestUser,
    readonly nurse2: TestUser,
    readonly monitor: TestUser,
    readonly department: { id: string; code: string },
    readonly departmentUser: TestUser,
    readonly washer: Awaited<ReturnType<typeof createWasher>>,
    readonly sterilizer: Awaited<ReturnType<typeof createSterilizer>>,
  ) {}

  static async create(t: TestApp, opts: { sterilizerType?: 'steam_prevacuum' | 'h2o2_plasma' } = {}): Promise<ChainDriver> {
    const department = await createDepartment(t);
    const sterilizer = await createSterilizer(t, { type: opts.sterilizerType ?? 'steam_prevacuum' });
    return new ChainDriver(
      t,
      await createUser(t, 'nurse', { badge: true }),
      await createUser(t, 'nurse', { badge: true }),
      await createUser(t, 'monitor', { badge: true }),
      department,
      await createUser(t, 'department', { departmentId: department.id }),
      await createWasher(t),
      sterilizer,
    );
  }

  /**
   * The same people and department at a sterilizer of their own (same type): a sterilizer runs
   * one load at a time in number order, so tests that leave loads open or running use their own.
   */
  async withNewSterilizer(): Promise<ChainDriver> {
    const sterilizer = await createSterilizer(this.t, { type: this.sterilizer.sterilizer.type });
    return new ChainDriver(this.t, this.nurse, this.nurse2, this.monitor, this.department, this.departmentUser, this.washer, sterilizer);
  }

  post(path: string, body: object, token = this.nurse.token) {
    return this.t.http().post(path).set(bearer(token)).set('X-Station', 'TEST-1').send(body);
  }

  private async ok(path: string, body: object, token?: string) {
    const res = await this.post(path, body, token);
    expect({ path, status: res.status, body: res.status === 200 || res.status === 201 ? 'ok' : res.body }).toEqual({
      path,
      status: res.status < 300 ? res.status : 200,
      body: 'ok',
    });
    return res.body;
  }

  /** Who hands sets over at the department (collection records the handover). */
  handover() {
    return { handedOverBy: 'Ward nurse Li' };
  }

  recycle(code: string, extra: object = {}) {
    return this.ok('/api/recycling/scan', { code, departmentId: this.department.id, ...this.handover(), ...extra });
  }

  async wash(codes: string[], run = { temperatureC: 93, disinfectMinutes: 5, a0: 3000, passed: true }) {
    const cycle = await this.ok('/api/cleaning/cycles', { washerId: this.washer.washer.id, programId: this.washer.program.id });
    for (const code of codes) await this.ok(`/api/cleaning/cycles/${cycle.id}/scan`, { code });
    return this.ok(`/api/cleaning/cycles/${cycle.id}/complete`, run);
  }

  /**
   * A loaner tray received from its lender (issue 16) for an operation tomorrow in this driver's
   * department: one non-implant line, steam, rigid container (overrides allowed). `label` names
   * its tray code (LNT-<label>-…) and patient.
   */
  async loanerTray(label: string, over: Record<string, unknown> = {}): Promise<{ id: string; trayCode: string }> {
    return this.ok('/api/loaners', {
      trayCode: `LNT-${label}-${Date.now()}`,
      lenderName: '强生（上海）医疗器材有限公司',
      deliveredBy: '王强',
      departmentId: this.department.id,
      surgeon: '李主任',
      patientId: `ZY-${label}-1`,
      operation: '股骨干骨折切开复位内固定术',
      plannedAt: new Date(this.t.clock.instant().getTime() + 20 * 3_600_000).toISOString(),
      sterilizationMethod: 'steam_prevacuum',
      packagingMaterial: 'rigid_container',
      lines: [{ nameZh: '复位钳', nameEn: 'Reduction forceps', specification: '', quantity: 1, implant: false }],
      ...over,
    });
  }

  /** The tray handed back to its lender, its one line counted back whole. */
  returnLoanerTray(id: string) {
    return this.ok(`/api/loaners/${id}/return`, { lines: [{ line: 1, returned: 1 }], lenderRepresentative: '王强' });
  }

  /** The packing inspection's checklist, every item passed (seed 1.3). */
  inspection(over: object = {}) {
    return { clean: true, functional: true, complete: true, label: true, indicatorTape: true, ...over };
  }

  /** Packs a cleaned set; the second nurse co-signs (needed for critical / implant sets). Returns the barcode. */
  async pack(assetCode: string, extra: object = {}): Promise<string> {
    const body = await this.ok('/api/packing/sets', {
      code: assetCode,
      inspection: this.inspection(),
      secondPerson: { badgeCode: this.nurse2.user.badgeCode, pin: this.nurse2.pin },
      ...extra,
    });
    return body.pack.barcode as string;
  }

  /** Records a Bowie-Dick test now (pre-vacuum sterilizers take no load without a passing one today). */
  async bd(passed = true) {
    const body = await this.ok('/api/monitoring/bd', { sterilizerId: this.sterilizer.sterilizer.id, passed }, this.monitor.token);
    this.bdDate = passed ? body.testDate : null;
    return body;
  }

  /** Opens a load; for a pre-vacuum sterilizer, a passing B-D first if none was recorded by this driver on the clock's day. */
  async openLoad() {
    await this.ensureBd();
    return this.ok('/api/loads', { sterilizerId: this.sterilizer.sterilizer.id, programId: this.sterilizer.program.id });
  }

  private bdDate: string | null = null;
  private biProducts = new Map<number, string>();

  /** A BI product for this driver's sterilizer method incubating `minutes`: its id. */
  async biProduct(minutes = 20): Promise<string> {
    let id = this.biProducts.get(minutes);
    if (!id) {
      id = (await createBiProduct(this.t, { methods: [this.sterilizer.sterilizer.type], incubationMinutes: minutes })).id;
      this.biProducts.set(minutes, id);
    }
    return id;
  }
  /** PCD type 5 results to record when their load is unloaded (they are read after the cycle). */
  private pcds = new Map<string, { biId: string; passed: boolean }[]>();

  private async recordPcds(loadId: string): Promise<void> {
    for (const p of this.pcds.get(loadId) ?? [])
      await this.ok(`/api/monitoring/bi/${p.biId}/pcd`, { passed: p.passed }, this.monitor.token);
    this.pcds.delete(loadId);
  }

  /** Loads, runs and unloads a load holding `barcodes` (with `bis` placed before the start), physical record within limits unless overridden. */
  async sterilize(
    barcodes: string[],
    over: {
      physical?: { holdMinutes?: number; [k: string]: unknown };
      loadIndicatorPassed?: boolean;
      exceptions?: object[];
      bis?: { pcdType5Passed?: boolean }[];
    } & BeforeStart = {},
  ) {
    const load = await this.openLoad();
    for (const code of barcodes) await this.ok(`/api/loads/${load.id}/packs`, { code });
    for (const bi of over.bis ?? []) await this.placeBi(load.id, bi);
    await this.beforeStart(load.id, over);
    await this.ok(`/api/loads/${load.id}/start`, {});
    return this.unload(load.id, over);
  }

  store(code: string, extra: object = {}) {
    return this.ok('/api/storage/scan', { code, ...extra });
  }

  dispatch(code: string, departmentId = this.department.id) {
    return this.ok('/api/dispatch/scan', { code, departmentId });
  }

  receive(code: string) {
    return this.ok('/api/department/receive', { code }, this.departmentUser.token);
  }

  use(code: string, patientId = 'ZY0001') {
    return this.ok('/api/department/use', { code, patientId }, this.departmentUser.token);
  }

  /** recycle → wash (one cycle for all) → pack: barcodes of packed packs, waiting for a load, in order. */
  async packedMany(assetCodes: string[]): Promise<string[]> {
    for (const code of assetCodes) await this.recycle(code);
    await this.wash(assetCodes);
    const barcodes: string[] = [];
    for (const code of assetCodes) barcodes.push(await this.pack(code));
    return barcodes;
  }

  /** packedMany → one load for all → store: barcodes in sterile storage, in order. */
  async storedMany(assetCodes: string[]): Promise<string[]> {
    const barcodes = await this.packedMany(assetCodes);
    await this.sterilize(barcodes);
    for (const code of barcodes) await this.store(code);
    return barcodes;
  }

  /** recycle → wash → pack → sterilize → store: a barcode in sterile storage. */
  async readyInStorage(assetCode: string): Promise<string> {
    await this.recycle(assetCode);
    await this.wash([assetCode]);
    const barcode = await this.pack(assetCode);
    await this.sterilize([barcode]);
    await this.store(barcode);
    return barcode;
  }

  // ---- monitoring and release helpers (issue 4) ----

  /** A set of a fresh template (overrides allowed), homed in this driver's department: its asset code. */
  async newSet(template: Parameters<typeof createTemplate>[1] = {}): Promise<string> {
    const tpl = await createTemplate(this.t, template);
    return (await createSet(this.t, { templateId: tpl.id, homeDepartmentId: this.department.id })).assetCode;
  }

  /**
   * Opens a load (as openLoad: B-D first for pre-vacuum), scans the packs in, places `bis`
   * (each a BI in its PCD, before the start as in the chamber) and starts it: the load and its BIs.
   */
  async startLoad(
    barcodes: string[],
    opts: { bis?: { pcdType5Passed?: boolean; lot?: string; readoutMinutes?: number }[] } & BeforeStart = {},
  ): Promise<{ id: string; cycleNo: number; bis: { id: string; placedAt: string; pcdType5Passed: boolean | null }[] }> {
    const load = await this.openLoad();
    for (const code of barcodes) await this.ok(`/api/loads/${load.id}/packs`, { code });
    const bis = [];
    for (const bi of opts.bis ?? []) bis.push(await this.placeBi(load.id, bi));
    await this.beforeStart(load.id, opts);
    await this.ok(`/api/loads/${load.id}/start`, {});
    return { ...load, bis };
  }

  /**
   * What the loading station does before a start (issue 18): prints the labels of the load's
   * packs never printed (the load's sheet), then records a passing loading check (seed 1.4) —
   * with the second nurse when the load holds an implant or critical pack. `printLabels: false`
   * leaves the labels unprinted, `loadingCheck: false` records no check. A load with no pack
   * (an empty-chamber run) needs neither.
   */
  async beforeStart(loadId: string, opts: BeforeStart = {}): Promise<void> {
    const load = (await this.t.http().get(`/api/loads/${loadId}`).set(bearer(this.nurse.token))).body;
    if (!load.packs?.length) return;
    if (opts.printLabels !== false && load.unprintedLabels.length > 0) await this.printLabels(loadId);
    if (opts.loadingCheck !== false) await this.checkLoad(loadId, load.loadingCheckNeedsSecondPerson);
    // A load opened before midnight starts after that morning's B-D, as in the department: without
    // it a test whose clock crossed the hospital's midnight (a cycle's hold, an incubation) would
    // fail by the time of day it ran at.
    if (opts.bd !== false && this.sterilizer.sterilizer.type === 'steam_prevacuum') {
      // The service's own view: a B-D a test recorded by hand counts too.
      const [readiness] = (
        await this.t.http().get(`/api/monitoring/sterilizers/${this.sterilizer.sterilizer.id}`).set(bearer(this.monitor.token))
      ).body as { bd: { today: string } }[];
      if (readiness?.bd.today === 'missing') await this.bd();
    }
  }

  /** A passing B-D of the clock's day for this driver's pre-vacuum sterilizer, unless one was recorded. */
  private async ensureBd(): Promise<void> {
    if (this.sterilizer.sterilizer.type === 'steam_prevacuum' && this.bdDate !== localDate(this.t.clock.instant(), this.t.config.timezone))
      await this.bd();
  }

  /** Records the loading check of an open load, every item passed (the nurse; the second nurse when `second`). */
  checkLoad(loadId: string, second: boolean, items: object = {}) {
    return this.ok(`/api/loads/${loadId}/check`, {
      packaging: true,
      quantity: true,
      specification: true,
      loadingMethod: true,
      ...items,
      ...(second ? { secondPerson: { badgeCode: this.nurse2.user.badgeCode, pin: this.nurse2.pin } } : {}),
    });
  }

  /** Prints the labels of a load's packs never printed (first prints, the load's A4 sheet). */
  async printLabels(loadId: string): Promise<void> {
    await this.ok(`/api/labels/loads/${loadId}/print`, { unprintedOnly: true });
  }

  /** Unloads a running load, physical record within limits unless overridden, co-signed by the monitor: the unload answer. */
  async unload(
    loadId: string,
    over: { physical?: { holdMinutes?: number; [k: string]: unknown }; loadIndicatorPassed?: boolean; exceptions?: object[] } = {},
  ) {
    await this.runCycle(loadId, over.physical?.holdMinutes ?? 4.5);
    const body = await this.ok(`/api/loads/${loadId}/complete`, {
      physical: {
        tempMinC: 134.5,
        tempMaxC: 136,
        holdMinutes: 4.5,
        pressureMinKpa: 210,
        pressureMaxKpa: 225,
        ...(await this.printout(loadId)),
        ...(over.physical ?? {}),
      },
      loadIndicatorPassed: over.loadIndicatorPassed ?? true,
      exceptions: over.exceptions ?? [],
      secondPerson: { badgeCode: this.monitor.user.badgeCode, pin: this.monitor.pin },
    });
    await this.recordPcds(loadId);
    return body;
  }

  /** The sterilizer's printout of a running load's cycle as a nurse types it: from the load's start to now (service clock). */
  async printout(loadId: string): Promise<{ cycleStartedAt: string; cycleEndedAt: string }> {
    const [row] = await this.t.ds.query(`SELECT started_at FROM sterilizer_loads WHERE id = $1`, [loadId]);
    const now = this.t.clock.instant();
    return { cycleStartedAt: new Date(row?.started_at ?? now).toISOString(), cycleEndedAt: now.toISOString() };
  }

  /**
   * Moves the clock to the end of the load's cycle: its hold and its program's minimum cycle
   * after the start (an unloading sooner is refused, cycle-times.ts), plus a minute.
   */
  async runCycle(loadId: string, holdMinutes = 4.5): Promise<void> {
    const [row] = await this.t.ds.query(`SELECT started_at, run_snapshot FROM sterilizer_loads WHERE id = $1`, [loadId]);
    if (!row?.started_at) return;
    const minutes = Math.max(holdMinutes, Number(row.run_snapshot?.program?.minCycleMin ?? 0)) + 1;
    const due = new Date(row.started_at).getTime() + minutes * 60_000;
    const now = this.t.clock.instant().getTime();
    if (now < due) this.t.clock.advance(due - now);
  }

  /** The quality monitor places a biological indicator in a load (result pending): the BI record. */
  /**
   * A rapid-readout BI (a product incubating 20 min) unless `readoutMinutes` says otherwise. `pcdType5Passed`: its PCD's
   * type 5 indicator, recorded when the load is unloaded through `unload` (it is read after the cycle).
   */
  async placeBi(loadId: string, extra: { pcdType5Passed?: boolean; placedAt?: string; lot?: string; readoutMinutes?: number } = {}) {
    const { pcdType5Passed, readoutMinutes, ...rest } = extra;
    const productId = await this.biProduct(readoutMinutes ?? 20);
    const bi = await this.ok('/api/monitoring/bi', { loadId, productId, lot: 'BI-LOT-1', ...rest }, this.monitor.token);
    if (pcdType5Passed !== undefined) this.pcds.set(loadId, [...(this.pcds.get(loadId) ?? []), { biId: bi.id, passed: pcdType5Passed }]);
    return bi;
  }

  /**
   * The quality monitor reads a BI: passed = negative, failed = positive. The clock is moved past
   * its incubation first if needed (a BI is read no earlier than its readout time after the cycle).
   * The answer ({ bi, released, recall }).
   */
  async readBi(biId: string, result: 'passed' | 'failed') {
    const [row] = await this.t.ds.query(
      `SELECT l.completed_at, b.readout_minutes FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id WHERE b.id = $1`,
      [biId],
    );
    if (row?.completed_at) {
      const due = new Date(row.completed_at).getTime() + row.readout_minutes * 60_000 + 1000;
      const now = this.t.clock.instant().getTime();
      if (now < due) this.t.clock.advance(due - now);
    }
    await this.positiveControlFor(biId);
    return this.ok(`/api/monitoring/bi/${biId}/read`, { result }, this.monitor.token);
  }

  /**
   * The day's positive control of a BI's lot (it grew unless `grew` says otherwise), recorded now
   * unless one is already on record for today: a BI of the lot may then be read today.
   */
  async positiveControlFor(biId: string, grew = true) {
    const [bi] = await this.t.ds.query(`SELECT lot, product_id FROM bi_tests WHERE id = $1`, [biId]);
    const productId: string = bi.product_id ?? (await this.biProduct());
    const today = localDate(this.t.clock.instant(), this.t.config.timezone);
    const [known] = await this.t.ds.query(
      `SELECT 1 FROM bi_positive_controls WHERE lot = $1 AND product_id = $2 AND control_date = $3 AND grew = $4`,
      [bi.lot, productId, today, grew],
    );
    if (known) return null;
    return this.ok('/api/monitoring/bi-controls', { productId, lot: bi.lot, grew }, this.monitor.token);
  }

  /** An empty-chamber test run with a BI in it: opened, BI placed, started and unloaded (the BI still pending). */
  async emptyChamberBiRun(
    extra: { placedAt?: string; lot?: string } = {},
  ): Promise<{ load: { id: string; cycleNo: number; emptyChamber: boolean }; bi: { id: string; placedAt: string } }> {
    const load = await this.ok('/api/loads', {
      sterilizerId: this.sterilizer.sterilizer.id,
      programId: this.sterilizer.program.id,
      emptyChamber: true,
    });
    const bi = await this.placeBi(load.id, extra);
    await this.ok(`/api/loads/${load.id}/start`, {});
    await this.unload(load.id);
    return { load, bi };
  }

  /** A load holding `barcodes` whose BI passed: the load (an anchor for "since the last passing BI"). */
  async sterilizeWithPassingBi(barcodes: string[]) {
    const load = await this.startLoad(barcodes, { bis: [{}] });
    await this.unload(load.id);
    await this.readBi(load.bis[0].id, 'passed');
    return load;
  }
}
