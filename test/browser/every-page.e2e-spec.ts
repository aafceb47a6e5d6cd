import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { freeReviewMonth } from '../support/defects.js';
import { bearer, createDepartment, createSet, createTemplate, createUser, freeHandoverDay, type TestUser } from '../support/factories.js';
import {
  accessibilityProblems,
  openBrowser,
  otherLanguageText,
  scan,
  screenshot,
  signIn,
  type BrowserHarness,
  type Language,
} from './browser.js';

const LANGUAGES: Language[] = ['zh-CN', 'en'];
const TABLET = { width: 820, height: 1180 };
const ZONES = ['recycling', 'cleaning', 'packing', 'loading', 'storage', 'dispatch'];
const CATALOG = ['departments', 'templates', 'sets', 'sterilizers', 'washers'];
/** What the head nurse typed as a manual recall's reason: a value, shown as typed in either language. */
const RECALL_REASON = '同一时段术后感染调查';
const PATIENT = 'ZY2026-0815';
const UNKNOWN_BARCODE = 'P99999999999';
/** What the ward typed on its requisition (issue 16): a value, shown as typed in either language. */
const REQUISITION_NOTE = '明日择期手术 2 台';
/** A preparation of the disinfectant log (issue 17), as a nurse types it. */
const DISINFECTANT = {
  kind: 'disinfectant',
  product: '含氯消毒片',
  lotNumber: 'CL-20261020',
  target: 500,
  tolerance: 50,
  measured: 510,
  unit: 'mg/L',
  method: 'test_strip',
  area: 'decontamination',
  usedFor: '器械浸泡消毒',
};

/** A defect and a quality review as people type them (issue 17). */
const DEFECT = [
  '卸载时发现 2 个湿包',
  '灭菌岗 王护士',
  '湿包退回重新包装灭菌',
  '装载过密',
  '灭菌岗当班护士',
  '重新培训装载规范',
  '装载后双人检查',
  '本月湿包 1 例。',
  '每周抽查装载',
];

/** A shift handover as a nurse writes it (issue 17): her notes and the reason an item of the checklist is not done. */
const HANDOVER = ['2 号灭菌器门封条磨损，已报设备科', '夜班继续使用低温灭菌器'];
/** A ward's comment on a satisfaction survey and the improvement action agreed from it, as typed (issue 17, seed 5.2). */
const SURVEY = ['希望周末增加一次下送', '周六增加一次下送'];

/**
 * Issue 12: every page, with real data in it, opened by the role that uses it, in 简体中文 and
 * then in English — each with no serious accessibility violation, no visible string in the other
 * language (data values aside: codes, barcodes, people's names, what a person typed) and a
 * screenshot at 1366×768 (the department page and provenance also on a tablet). A nurse is not
 * offered, and cannot open, the head nurse's or the administrator's pages; a department user
 * gets only the department and provenance pages.
 */
describe('every page, in both languages', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let c: ChainDriver;
  let head: TestUser;
  let used: string; // a pack with its whole story: packed under a two-person check, released by its BI, dispatched, received, used on a patient, recalled
  let manualRecallId: string;
  let manifestId: string;
  let defectId: string;
  let reviewId: string;
  let visitId: string;
  let repairSet: string;
  let repairMonth: string;
  let loanerMonth: string;
  let loanerCode: string;
  let handoverId: string;
  let handoverDay: string;
  let surveyId: string;
  /** Last month in the hospital's calendar (or the latest before it no review holds): the review's month. */
  let REVIEW_MONTH: string;
  let data: string[];
  let bothNames: string[];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse', { badge: true });
    REVIEW_MONTH = await freeReviewMonth(t, 1);
    await t.ds.query(`UPDATE departments SET name_zh = '骨科病房', name_en = 'Orthopaedic ward' WHERE id = $1`, [c.department.id]);
    for (const [who, name] of [
      [c.nurse, '王回收'],
      [c.nurse2, '李核对'],
      [c.monitor, '赵监测'],
      [c.departmentUser, '陈科室'],
      [head, '周护士长'],
    ] as const) {
      await t.ds.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [who.user.id, name]);
    }

    // Three sets of the ward in one load released by its BI, stored, dispatched; one received and used on a patient.
    const sets = [
      await c.newSet({ critical: true, nameZh: '骨科基础包', nameEn: 'Orthopaedic basic set' }),
      await c.newSet({ nameZh: '换药包', nameEn: 'Dressing set' }),
      await c.newSet({ nameZh: '缝合包', nameEn: 'Suture set' }),
    ];
    const packs = await c.packedMany(sets);
    const load = await c.startLoad(packs, { bis: [{ pcdType5Passed: true, lot: 'LOT-E2E-42' }] });
    await c.unload(load.id);
    await c.readBi(load.bis[0].id, 'passed');
    for (const p of packs) {
      await c.store(p, { location: 'A-07' });
      await c.dispatch(p);
    }
    [used] = packs;
    await c.receive(used);
    await c.use(used, PATIENT);
    await c.receive(packs[2]);

    // An open manual recall of that load (the ward gets its notice and the packs to send back).
    const recall = await t
      .http()
      .post('/api/recalls')
      .set(bearer(head.token))
      .set('Idempotency-Key', `every-page-${load.id}`)
      .send({ trigger: 'manual', reason: RECALL_REASON, loadIds: [load.id] });
    expect(recall.status).toBe(201);
    manualRecallId = recall.body.id;
    // Its number on the report (RC-<day>-<nn>) is a code: a value in either language.
    const recallNumber: string = (await t.http().get(`/api/reports/recalls/${manualRecallId}`).set(bearer(head.token))).body.number;

    // A positive BI on another sterilizer: it is blocked and an automatic recall is open.
    const other = await c.withNewSterilizer();
    const [held] = await other.packedMany([await other.newSet({ nameZh: '腹腔镜器械包', nameEn: 'Laparoscopy set' })]);
    const failing = await other.startLoad([held], { bis: [{ lot: 'LOT-E2E-43' }] });
    await other.unload(failing.id);
    await other.readBi(failing.bis[0].id, 'failed');

    // A load still incubating its BI, for the monitoring desk and the board.
    const third = await c.withNewSterilizer();
    const [waiting] = await third.packedMany([
      await third.newSet({ implant: true, nameZh: '髋关节植入器械包', nameEn: 'Hip implant set' }),
    ]);
    const incubating = await third.startLoad([waiting], { bis: [{ lot: 'LOT-E2E-44' }] });
    await third.unload(incubating.id);

    // A pack of the ward collected at another ward with no use recorded (issue 18): the ward's page
    // asks to complete it, the board lists it twice (use not recorded, collected elsewhere).
    const flagged = await c.newSet({ nameZh: '清创包', nameEn: 'Debridement set' });
    await c.dispatch(await c.readyInStorage(flagged));
    const elsewhere = await createDepartment(t, { nameZh: '心内科病房', nameEn: 'Cardiology ward' });
    const collected = await t
      .http()
      .post('/api/recycling/scan')
      .set(bearer(c.nurse.token))
      .send({ code: flagged, departmentId: elsewhere.id, ...c.handover() });
    expect(collected.body.closedPack?.state).toBe('use_unrecorded');
    // Routine monitoring (seed 7.2–7.8): a conductivity out of its limits and a failed random check open corrective actions.
    for (const [path, body] of [
      ['/api/monitoring/readings', { kind: 'water_conductivity', value: 18 }],
      [
        '/api/quality-checks/random-checks',
        { checkedItems: ['indicator_tape'], sampleSize: 10, nonconforming: 1, findings: '1 个包外化学指示胶带未变色' },
      ],
    ] as const)
      expect((await t.http().post(path).set(bearer(c.monitor.token)).send(body)).status).toBe(201);
    // A disinfectant prepared this morning (issue 17): on the nurse's preparation log.
    const preparation = await t
      .http()
      .post('/api/disinfectants/preparations')
      .set(bearer(c.nurse.token))
      .send({ ...DISINFECTANT, expiryDate: addLocalDays(localDate(t.clock.instant(), t.config.timezone), 300) });
    expect(preparation.status).toBe(201);
    // A defect a nurse reported, investigated by the head nurse, and a quality review of last month (issue 17).
    const defect = await t
      .http()
      .post('/api/defects')
      .set(bearer(c.nurse.token))
      .send({ zone: 'sterilization', kind: 'wet_pack', description: DEFECT[0], involved: DEFECT[1], immediateRemedy: DEFECT[2] });
    expect(defect.status).toBe(201);
    defectId = defect.body.id;
    const due = addLocalDays(localDate(t.clock.instant(), t.config.timezone), 7);
    expect(
      (
        await t.http().post(`/api/defects/${defectId}/investigation`).set(bearer(head.token)).send({
          cause: DEFECT[3],
          responsibility: DEFECT[4],
          corrective: DEFECT[5],
          preventive: DEFECT[6],
          ownerUserId: c.nurse.user.id,
          dueDate: due,
        })
      ).status,
    ).toBe(201);
    const review = await t
      .http()
      .post('/api/quality-reviews')
      .set(bearer(head.token))
      .send({
        month: REVIEW_MONTH,
        attendees: ['周护士长', '赵监测'],
        minutes: DEFECT[7],
        decisions: [{ decision: DEFECT[8], ownerUserId: c.nurse.user.id, dueDate: due }],
      });
    expect(review.status).toBe(201);
    // A shift handover drafted with its checklist, to sign out (issue 17): a past day of its own (slots are shared).
    handoverDay = await freeHandoverDay(t, 30);
    const handover = await t
      .http()
      .post('/api/shift-handovers')
      .set(bearer(c.nurse.token))
      .send({ day: handoverDay, shift: 'early', zone: 'packing', notes: HANDOVER[0] });
    expect(handover.status).toBe(201);
    handoverId = handover.body.id;
    const items = ['water', 'power', 'gas', 'steam', 'cleaned'].map((item) =>
      item === 'gas' ? { item, done: false, reason: HANDOVER[1] } : { item, done: true },
    );
    expect((await t.http().post(`/api/shift-handovers/${handoverId}/checklist`).set(bearer(c.nurse.token)).send({ items })).status).toBe(
      201,
    );
    reviewId = review.body.id;
    // A visit the head nurse approved, the visitors in, with a comment (issue 17, the visitors register).
    const visit = await t
      .http()
      .post('/api/visits')
      .set(bearer(c.nurse.token))
      .send({
        unit: '市卫生健康委员会',
        visitors: [{ name: '张明', title: '院感科主任' }],
        contact: '13800138000',
        purpose: '年度院感督导检查',
        plannedDate: localDate(t.clock.instant(), t.config.timezone),
        windowStart: '00:00',
        windowEnd: '23:59',
        zones: ['recycling', 'packing'],
      });
    expect(visit.status).toBe(201);
    visitId = visit.body.id;
    expect((await t.http().post(`/api/visits/${visitId}/approve`).set(bearer(head.token)).send({})).status).toBe(200);
    expect(
      (await t.http().post(`/api/visits/${visitId}/check-in`).set(bearer(c.nurse.token)).send({ escortUserId: c.nurse.user.id })).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .post(`/api/visits/${visitId}/comments`)
          .set(bearer(c.nurse.token))
          .send({ author: '张明', text: '分区明确，标识清楚' })
      ).status,
    ).toBe(201);
    // A set back from the ward with damaged scissors (sent for repair) and a lost forceps charged to the ward (issue 16, seed 4.4).
    const repairTemplate = await createTemplate(t, {
      nameZh: '清创缝合包',
      nameEn: 'Debridement set',
      contents: [
        { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 2 },
        { nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 6 },
      ],
    });
    repairSet = (await createSet(t, { templateId: repairTemplate.id, homeDepartmentId: c.department.id })).assetCode;
    repairMonth = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
    await c.recycle(repairSet, { damaged: [{ line: 1, quantity: 1 }], missing: [{ line: 2, quantity: 1 }] });
    const repairFindings = await t.http().get(`/api/repairs/findings?code=${repairSet}`).set(bearer(c.nurse.token));
    const repairEvent = repairFindings.body.findings[0].packEventId;
    const recordRepair = (body: object) =>
      t
        .http()
        .post('/api/repairs')
        .set(bearer(c.nurse.token))
        .send({ packEventId: repairEvent, quantity: 1, ...body });
    expect(
      (
        await recordRepair({
          line: 1,
          finding: 'damaged',
          disposition: 'repair',
          reason: '剪刀刃口变钝',
          cost: 60,
          vendor: '杭州器械维修公司',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await recordRepair({
          line: 2,
          finding: 'missing',
          disposition: 'lost',
          reason: '科室回收时缺失',
          cost: 180,
          chargedDepartmentId: c.department.id,
          compensation: 180,
        })
      ).status,
    ).toBe(201);
    // A loaner tray received for an operation of the ward (issue 16): on the loaner page and the ward's page.
    const tomorrow = addLocalDays(localDate(t.clock.instant(), t.config.timezone), 1);
    const loaner = await t
      .http()
      .post('/api/loaners')
      .set(bearer(c.nurse.token))
      .send({
        trayCode: `LNT-${randomInt(1e6, 9e6)}`,
        lenderName: '强生（上海）医疗器材有限公司',
        deliveredBy: '王强',
        departmentId: c.department.id,
        surgeon: '李主任',
        patientId: 'ZY20261203',
        operation: '股骨干骨折切开复位内固定术',
        plannedAt: `${tomorrow}T08:30`,
        sterilizationMethod: 'steam_prevacuum',
        packagingMaterial: 'rigid_container',
        lines: [
          { nameZh: '锁定加压钢板', nameEn: 'Locking compression plate', specification: '4.5 mm × 8 孔', quantity: 2, implant: true },
          { nameZh: '复位钳', nameEn: 'Reduction forceps', specification: '', quantity: 1, implant: false },
        ],
      });
    expect(loaner.status).toBe(201);
    loanerCode = loaner.body.code;
    loanerMonth = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
    // A satisfaction survey of the ward (issue 17, seed 5.2), answered by it, with an improvement action.
    const month = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
    const survey = await t
      .http()
      .post('/api/surveys')
      .set(bearer(head.token))
      .send({
        titleZh: '本季度科室满意度调查',
        titleEn: 'Department satisfaction this quarter',
        periodFrom: month,
        periodTo: month,
        questions: [
          { kind: 'rating', textZh: '器械包送达是否及时', textEn: 'Were the packs delivered on time?' },
          { kind: 'text', textZh: '其他意见和建议', textEn: 'Other comments' },
        ],
        departmentIds: [c.department.id],
      });
    expect(survey.status).toBe(201);
    surveyId = survey.body.id;
    const [rated, comment] = survey.body.questions as { id: string }[];
    expect(
      (
        await t
          .http()
          .post(`/api/department/surveys/${surveyId}/response`)
          .set(bearer(c.departmentUser.token))
          .send({
            answers: [
              { questionId: rated.id, rating: 4 },
              { questionId: comment.id, text: SURVEY[0] },
            ],
          })
      ).status,
    ).toBe(201);
    expect(
      (
        await t
          .http()
          .post(`/api/surveys/${surveyId}/actions`)
          .set(bearer(head.token))
          .send({ what: SURVEY[1], departmentId: c.department.id, ownerUserId: c.nurse.user.id, dueDate: due })
      ).status,
    ).toBe(201);

    // Issue 16: the ward's base quantities (short of one: low stock on the board), a requisition it made, and the
    // delivery manifest of what was dispatched to it above, closed and waiting for its signature.
    const asHead = (path: string, body: object) => t.http().post(path).set(bearer(head.token)).send(body);
    const [orthoSet] = await t.ds.query(`SELECT template_id FROM instrument_sets WHERE asset_code = $1`, [sets[0]]);
    expect(
      (
        await asHead('/api/base-quantities', {
          departmentId: c.department.id,
          templateId: orthoSet.template_id,
          quantity: 4,
          emergency: true,
        })
      ).status,
    ).toBe(201);
    const requisition = await t
      .http()
      .post('/api/department/requisitions')
      .set(bearer(c.departmentUser.token))
      .send({ lines: [{ templateId: orthoSet.template_id, quantity: 2 }], urgency: 'urgent', note: REQUISITION_NOTE });
    expect(requisition.status).toBe(201);
    const [round] = (await t.http().get(`/api/rounds?departmentId=${c.department.id}&kind=delivery&status=open`).set(bearer(head.token)))
      .body;
    manifestId = round.id;
    expect((await t.http().post(`/api/rounds/${manifestId}/close`).set(bearer(c.nurse.token)).send({})).status).toBe(200);

    // Data values: shown as stored, whatever the page's language.
    const rows: { v: string }[] = await t.ds.query(`
      SELECT code AS v FROM departments UNION SELECT code FROM set_templates UNION SELECT asset_code FROM instrument_sets
      UNION SELECT code FROM sterilizers UNION SELECT code FROM sterilizer_programs UNION SELECT code FROM washers UNION SELECT code FROM washer_programs
      UNION SELECT username FROM users UNION SELECT display_name FROM users UNION SELECT badge_code FROM users WHERE badge_code IS NOT NULL
      UNION SELECT barcode FROM packs WHERE barcode IS NOT NULL UNION SELECT lot FROM bi_tests UNION SELECT station FROM pack_events WHERE station IS NOT NULL
      UNION SELECT code FROM bi_products UNION SELECT reason FROM recalls WHERE trigger NOT IN ('bi_failed', 'chemical_failed') -- what a person typed
      UNION SELECT DISTINCT jsonb_path_query(data, 'strict $.**.handedOverBy') #>> '{}' FROM pack_events
      UNION SELECT findings FROM quality_random_checks WHERE findings IS NOT NULL -- a random check's findings, as written
      UNION SELECT product FROM disinfectant_preparations UNION SELECT lot_number FROM disinfectant_preparations
      UNION SELECT used_for FROM disinfectant_preparations WHERE used_for IS NOT NULL -- what a nurse typed
      UNION SELECT 'RQ' || lpad(no::text, 8, '0') FROM requisitions UNION SELECT 'SD' || lpad(no::text, 8, '0') FROM rounds
      UNION SELECT 'HS' || lpad(no::text, 8, '0') FROM rounds UNION SELECT note FROM requisitions WHERE note IS NOT NULL
      UNION SELECT reason FROM requisition_closures WHERE reason IS NOT NULL UNION SELECT note FROM round_signature_lines WHERE note IS NOT NULL
      UNION SELECT note FROM round_signatures WHERE note IS NOT NULL UNION SELECT note FROM base_quantities WHERE note IS NOT NULL
      UNION SELECT handed_over_by FROM round_items WHERE handed_over_by IS NOT NULL -- what people typed on requisitions and manifests (issue 16)
      UNION SELECT description FROM defects UNION SELECT immediate_remedy FROM defects UNION SELECT involved FROM defects WHERE involved IS NOT NULL
      UNION SELECT reason FROM defects WHERE reason IS NOT NULL UNION SELECT cause FROM defect_investigations
      UNION SELECT responsibility FROM defect_investigations UNION SELECT corrective FROM defect_actions UNION SELECT preventive FROM defect_actions
      UNION SELECT action_taken FROM corrective_action_closures UNION SELECT note FROM defect_verifications UNION SELECT conclusion FROM defect_closures
      UNION SELECT minutes FROM quality_reviews UNION SELECT unnest(attendees) FROM quality_reviews UNION SELECT month FROM quality_reviews
      UNION SELECT decision FROM quality_review_decisions UNION SELECT text FROM quality_review_amendments -- the defect register and reviews, as typed
      UNION SELECT unit FROM visit_requests UNION SELECT contact FROM visit_requests UNION SELECT purpose FROM visit_requests
      UNION SELECT p->>'name' FROM visit_requests, jsonb_array_elements(visitors) p UNION SELECT p->>'title' FROM visit_requests, jsonb_array_elements(visitors) p
      UNION SELECT reason FROM visit_requests WHERE reason IS NOT NULL UNION SELECT reason FROM visit_decisions WHERE reason IS NOT NULL
      UNION SELECT reason FROM visit_cancellations UNION SELECT reason FROM visit_check_ins WHERE reason IS NOT NULL
      UNION SELECT reason FROM visit_check_outs WHERE reason IS NOT NULL UNION SELECT text FROM visit_comments
      UNION SELECT author FROM visit_comments WHERE author IS NOT NULL -- the visitors register, as typed
      UNION SELECT notes FROM shift_handovers UNION SELECT notes FROM shift_handover_corrections UNION SELECT reason FROM shift_handover_corrections
      UNION SELECT jsonb_array_elements(items) ->> 'reason' FROM shift_handover_checklists UNION SELECT code FROM equipment -- shift handovers, as typed
      UNION SELECT text FROM survey_answers WHERE text IS NOT NULL UNION SELECT what FROM survey_actions -- surveys, as typed
      UNION SELECT reason FROM repair_entries UNION SELECT vendor FROM repair_entries WHERE vendor IS NOT NULL UNION SELECT asset_code FROM repair_entries
      UNION SELECT vendor FROM repair_steps WHERE vendor IS NOT NULL UNION SELECT note FROM repair_steps WHERE note IS NOT NULL -- the repair register, as typed
      UNION SELECT code FROM loaner_trays UNION SELECT lender_name FROM loaner_trays UNION SELECT delivered_by FROM loaner_trays
      UNION SELECT surgeon FROM loaner_trays UNION SELECT patient_id FROM loaner_trays UNION SELECT operation FROM loaner_trays
      UNION SELECT note FROM loaner_trays WHERE note IS NOT NULL UNION SELECT lender_representative FROM loaner_returns
      UNION SELECT note FROM loaner_returns WHERE note IS NOT NULL -- loaner trays, as typed`);
    data = [...rows.map((r) => r.v), RECALL_REASON, PATIENT, 'A-07', UNKNOWN_BARCODE, recallNumber, REQUISITION_NOTE];
    const names: { zh: string; en: string }[] = await t.ds.query(
      `SELECT name_zh AS zh, name_en AS en FROM departments UNION SELECT name_zh, name_en FROM set_templates UNION SELECT name_zh, name_en FROM sterilizers UNION SELECT name_zh, name_en FROM washers UNION SELECT name_zh, name_en FROM bi_products`,
    );
    bothNames = names.flatMap((n) => [n.zh, n.en]);
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Every problem of every page, so that one run shows them all. */
  let problems: string[] = [];
  async function check(page: Page, name: string, lang: Language, opts: { tablet?: boolean; values?: string[] } = {}) {
    for (const p of await accessibilityProblems(page)) problems.push(`${name} ${lang}: axe ${p}`);
    for (const s of await otherLanguageText(page, lang, [...data, ...(opts.values ?? []), ...(await stationNames(page))]))
      problems.push(`${name} ${lang}: "${s}"`);
    await screenshot(page, `every-${name}-${lang}`);
    if (opts.tablet) {
      await page.setViewportSize(TABLET);
      for (const p of await accessibilityProblems(page)) problems.push(`${name} ${lang} tablet: axe ${p}`);
      await screenshot(page, `every-${name}-${lang}-tablet`);
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  }
  /** The station's name this browser writes into its scans (WEB-<zone>, WEB-<department>): a value too. */
  const stationNames = async (page: Page) => [(await page.evaluate(() => localStorage.getItem('cssd.station'))) ?? ''];

  async function session(user: TestUser): Promise<Page> {
    const page = await web.newPage();
    await signIn(page, user.user.username, user.password);
    return page;
  }
  /** Switches the language with the header's button, as a person does (remembered for the next pages). */
  async function switchTo(page: Page, lang: Language) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.getByTestId('language').click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
  async function open(page: Page, path: string, ready: (page: Page) => Promise<unknown>) {
    await page.goto(path);
    await ready(page);
    // The pages' lists arrive after the frame: wait until nothing is loading.
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton'));
  }
  /** Scans `code` at a station and waits for its answer on screen. */
  async function scanned(page: Page, code: string) {
    const before = await page.locator('[data-testid="recent"] .ant-list-item').count();
    await scan(page, code);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before);
  }

  it('the sign-in page, signed out', async () => {
    problems = [];
    const page = await web.newPage();
    for (const lang of LANGUAGES) {
      await page.goto('/login');
      await page.getByTestId('username').waitFor();
      await switchTo(page, lang);
      // Sent empty: the form's own messages (antd's) are in the page's language.
      await page.getByTestId('sign-in').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'login', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('a nurse’s pages: home, every station with a scan answered, the disinfectant log, the defect register, quality reviews, the visitors register, loaner trays, the shift handover, requisitions and a manifest, provenance', async () => {
    problems = [];
    const page = await session(c.nurse);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/', (p) => p.getByTestId('tile-station-recycling').waitFor());
      await check(page, 'home-nurse', lang);
      for (const zone of ZONES) {
        await open(page, `/station/${zone}`, (p) => p.getByTestId('scan').waitFor());
        if (zone === 'recycling' || zone === 'dispatch') await scanned(page, c.department.code);
        await scanned(page, UNKNOWN_BARCODE); // refused: the service's reason, in the page's language
        await check(page, `station-${zone}`, lang);
      }
      await open(page, '/disinfectants', (p) => p.getByTestId('preparation-row').first().waitFor());
      // Sent empty: the form's own messages.
      await page.getByTestId('prep-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'disinfectants', lang);
      await open(page, '/requisitions', (p) => p.getByTestId('requisition-row').first().waitFor());
      await check(page, 'requisitions', lang);
      await page.getByTestId('tab-rounds').click();
      await page.getByTestId('round-row').first().waitFor();
      await check(page, 'requisitions-rounds', lang);
      await open(page, `/rounds/${manifestId}`, (p) => p.getByTestId('manifest-line').first().waitFor());
      await check(page, 'manifest', lang);
      // The defect register (issue 17): the list with a case open, the report form sent empty (its own messages).
      await open(page, `/defects?open=${defectId}`, (p) => p.locator('[data-testid="defect-detail"][data-status="action_open"]').waitFor());
      await page.getByTestId('defect-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'defects', lang);
      await open(page, '/quality-reviews', (p) => p.getByTestId('review-row').first().waitFor());
      await check(page, 'quality-reviews-nurse', lang);
      // The visitors register (issue 17): a visit in progress open, its check-out dialog sent empty (its own messages).
      await open(page, `/visitors?open=${visitId}`, (p) => p.locator('[data-testid="visit-detail"][data-status="checked_in"]').waitFor());
      await check(page, 'visitors', lang);
      await page.getByTestId('visit-check-out').click();
      await page.getByTestId('visit-checkout-submit').click();
      await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
      await check(page, 'visitors-checkout-dialog', lang);
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      // Repair and scrap (issue 16): the set's findings with their entries, the month's register with its totals.
      await open(page, `/repairs?month=${repairMonth}&set=${repairSet}`, async (p) => {
        await p.getByTestId('finding-line').nth(1).waitFor();
        await p.getByTestId('repair-row').filter({ hasText: repairSet }).first().waitFor();
      });
      await check(page, 'repairs', lang);
      // Loaner trays (issue 16): the month's register with the tray received; the receipt form sent empty (its own messages).
      await open(page, `/loaners?month=${loanerMonth}`, (p) => p.locator('[data-testid="loaner-row"]', { hasText: loanerCode }).waitFor());
      await page.getByTestId('loaner-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'loaners', lang);
      // The shift handover (issue 17): a draft with its snapshot and checklist, to sign out; a second draft of its slot refused.
      await open(page, `/shift-handover?date=${handoverDay}&open=${handoverId}`, (p) => p.getByTestId('sign-out-form').waitFor());
      await page.getByTestId('draft-submit').click();
      await page.locator('[data-testid="handover-outcome"][data-outcome="error"]').waitFor();
      await check(page, 'shift-handover', lang);
      await open(page, `/provenance/${used}`, (p) => p.getByTestId('provenance-record').waitFor());
      await check(page, 'provenance', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('the quality monitor’s desk', async () => {
    problems = [];
    const page = await session(c.monitor);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/monitoring', (p) => p.getByTestId('bi-card').getByTestId('bi-wait').first().waitFor());
      await check(page, 'monitoring', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('the head nurse’s pages: home, board, recalls, a recall and its report, the catalog, users, the workload report, the sterilization register, the quality indicators, defects, a quality review, base quantities, a satisfaction survey', async () => {
    problems = [];
    const page = await session(head);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/', (p) => p.getByTestId('tile-board').waitFor());
      await check(page, 'home-head-nurse', lang);
      await open(page, '/board', async (p) => {
        await p.getByTestId('board-recall').nth(1).waitFor();
        await p.getByTestId('board-collected-elsewhere-row').first().waitFor();
        await p.getByTestId('board-low-stock-row').first().waitFor();
      });
      await check(page, 'board', lang);
      await open(page, '/recalls', (p) => p.getByTestId('recall-row').nth(1).waitFor());
      await check(page, 'recalls', lang);
      // The form to open a recall, sent empty: its own messages.
      await page.getByTestId('open-recall').click();
      await page.getByTestId('recall-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'recalls-open-form', lang);
      await open(page, `/recalls/${manualRecallId}`, (p) => p.getByTestId('recall-follow-up').waitFor());
      await check(page, 'recall', lang);
      // Closing asks first (a dialog with the service's buttons in the page's language).
      await page.getByTestId('close-recall').click();
      await page.getByTestId('close-note').waitFor();
      await check(page, 'recall-close-dialog', lang);
      await page.keyboard.press('Escape');
      await page.getByTestId('close-note').waitFor({ state: 'detached' });
      // The recall's report (issue 15): its particulars, patients, timeline, loads and packs.
      await open(page, `/recalls/${manualRecallId}/report`, (p) =>
        p.getByTestId('rr-follow-up').locator('tr[data-row-key]').first().waitFor(),
      );
      await check(page, 'recall-report', lang);
      for (const kind of CATALOG) {
        await open(page, `/catalog/${kind}`, (p) => p.locator('tr[data-row-key]').first().waitFor());
        // The catalog is where both names are entered: each row shows its Chinese and its English name, as stored.
        await check(page, `catalog-${kind}`, lang, { values: bothNames });
      }
      await open(page, '/users', (p) => p.locator('tr[data-row-key]').first().waitFor());
      await check(page, 'users', lang);
      // A new user's dialog, sent empty: antd's validation messages and the dialog's buttons.
      await page.getByTestId('new').click();
      await page.getByTestId('form-submit').click();
      await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
      await check(page, 'users-new-dialog', lang);
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      await open(page, '/reports/workload', (p) => p.locator('tr[data-row-key]').first().waitFor());
      await check(page, 'report-workload', lang);
      await open(page, '/reports/sterilization-register', (p) => p.locator('tr[data-row-key], [data-testid=no-cycles]').first().waitFor());
      await check(page, 'report-sterilization-register', lang);
      await open(page, '/reports/quality-indicators', (p) => p.getByTestId('qi-wetPacks').waitFor());
      await check(page, 'report-quality-indicators', lang);
      await open(page, '/audit/events', (p) => p.locator('[data-testid="au-events"]').waitFor());
      await check(page, 'audit-events', lang);
      // Base quantities per department, and the dialog that sets one, sent empty: its own messages.
      await open(page, '/requisitions', (p) => p.getByTestId('requisition-row').first().waitFor());
      await page.getByTestId('tab-stock').click();
      await page.getByTestId('stock-level').first().waitFor();
      await check(page, 'requisitions-stock', lang);
      await page.getByTestId('set-base').click();
      await page.getByTestId('base-submit').click();
      await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
      await check(page, 'requisitions-set-base-dialog', lang);
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      // The defect register's case as the head nurse takes it on, the analysis, and the quality review (issue 17).
      await open(page, `/defects?open=${defectId}`, (p) => p.getByTestId('defect-add-action').waitFor());
      await page.getByTestId('defect-add-action').click();
      await page.getByTestId('defect-action-submit').click();
      await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
      await check(page, 'defect-action-dialog', lang);
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      await open(page, '/defects?tab=analysis', (p) => p.getByTestId('analysis-by-kind').waitFor());
      await check(page, 'defects-analysis', lang);
      await open(page, `/quality-reviews?open=${reviewId}`, (p) => p.getByTestId('review-decision-row').first().waitFor());
      await check(page, 'quality-review', lang);
      // A satisfaction survey with its results and action (issue 17), and the form of a new one, sent empty.
      await open(page, `/surveys?open=${surveyId}`, async (p) => {
        await p.getByTestId('survey-action-row').first().waitFor();
        await p.getByTestId('survey-text').first().waitFor();
      });
      await check(page, 'survey', lang);
      await page.getByTestId('survey-new').click();
      await page.getByTestId('survey-new-submit').click();
      await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
      await check(page, 'survey-new-dialog', lang);
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('the department’s pages, on a station PC and on a tablet: its packs, the recall, its requisitions and a manifest to sign, its satisfaction survey, provenance, its part of the recall’s report', async () => {
    problems = [];
    const page = await session(c.departmentUser);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/', (p) => p.getByTestId('tile-department').waitFor());
      await check(page, 'home-department', lang);
      // The months of the loaner tray for its operation and of the ward's repair charge (the service's clock may be ahead of the station's).
      await open(page, `/department?month=${loanerMonth}&repairsMonth=${repairMonth}`, async (p) => {
        await p.getByTestId('department-loaner').first().waitFor();
        await p.getByTestId('recalled').waitFor();
        await p.getByTestId('use-not-recorded-row').first().waitFor();
        await p.getByTestId('department-repair-charges').getByTestId('repair-row').first().waitFor();
      });
      await scan(page, UNKNOWN_BARCODE); // refused: the service's reason, in the page's language
      await page.locator('[data-testid="result"][data-outcome="error"]').waitFor();
      await check(page, 'department', lang, { tablet: true });
      await open(page, '/department/requisitions', (p) => p.getByTestId('to-sign-row').first().waitFor());
      await check(page, 'department-requisitions', lang, { tablet: true });
      // Counting the manifest: the dialog, with a count that differs and no note yet.
      await page.getByTestId('count-and-sign').first().click();
      await page.getByTestId('sign-lines').waitFor();
      await page.locator('[data-testid="sign-lines"] input').first().fill('0');
      await check(page, 'department-sign-dialog', lang);
      await page.keyboard.press('Escape');
      await page.getByTestId('sign-lines').waitFor({ state: 'detached' });
      await open(page, `/department/surveys?open=${surveyId}`, (p) => p.getByTestId('department-survey-answer-line').first().waitFor());
      await check(page, 'department-surveys', lang, { tablet: true });
      await open(page, `/provenance/${used}`, (p) => p.getByTestId('provenance-record').waitFor());
      await check(page, 'provenance-department', lang, { tablet: true });
      // Its own slice of the reports (issue 15), the month of the service's clock: the table and the bars per day.
      const deptMonth = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
      await open(page, `/department/reports?month=${deptMonth}`, (p) => p.getByTestId('dr-collected-chart').waitFor());
      await check(page, 'department-reports', lang, { tablet: true });
      // Its own part of the recall's report (issue 15), opened from its notice.
      await open(page, `/recalls/${manualRecallId}/report`, (p) => p.getByTestId('rr-slice').waitFor());
      await check(page, 'recall-report-department', lang, { tablet: true });
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('a nurse is offered none of the head nurse’s or administrator’s pages and cannot open them by address; a department user gets only its own six', async () => {
    const headPages = [
      '/board',
      '/recalls',
      `/recalls/${manualRecallId}`,
      '/catalog',
      ...CATALOG.map((k) => `/catalog/${k}`),
      '/users',
      '/reports/workload',
      '/audit/events',
    ];
    const nurse = await session(c.nurse);
    await nurse.goto('/');
    await nurse.getByTestId('tile-provenance').waitFor();
    expect(await tiles(nurse)).toEqual([
      'tile-station-recycling',
      'tile-station-cleaning',
      'tile-station-packing',
      'tile-station-loading',
      'tile-station-storage',
      'tile-station-dispatch',
      'tile-requisitions',
      'tile-supplies',
      'tile-equipment',
      'tile-disinfectants',
      'tile-shift-handover',
      'tile-defects',
      'tile-quality-reviews',
      'tile-repairs',
      'tile-loaners',
      'tile-visitors',
      'tile-surveys',
      'tile-provenance',
    ]);
    for (const path of [
      ...headPages,
      `/recalls/${manualRecallId}/report`,
      '/monitoring',
      '/department',
      '/department/supplies',
      '/department/requisitions',
      '/department/surveys',
      '/department/reports',
    ])
      await forbidden(nurse, path);
    await nurse.context().close();

    const dept = await session(c.departmentUser);
    await dept.goto('/');
    await dept.getByTestId('tile-provenance').waitFor();
    expect(await tiles(dept)).toEqual([
      'tile-department',
      'tile-department-supplies',
      'tile-department-requisitions',
      'tile-department-surveys',
      'tile-department-reports',
      'tile-provenance',
    ]);
    for (const path of [
      ...headPages,
      '/monitoring',
      '/supplies',
      '/equipment',
      '/disinfectants',
      '/requisitions',
      `/rounds/${manifestId}`,
      '/defects',
      '/shift-handover',
      '/quality-reviews',
      '/repairs',
      '/loaners',
      '/visitors',
      '/surveys',
      ...ZONES.map((z) => `/station/${z}`),
    ])
      await forbidden(dept, path);
    await dept.context().close();
  }, 600_000);

  const tiles = (page: Page) => page.locator('[data-testid^="tile-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  /** The page refuses, says why, and shows none of its content (nor asks the service for it). */
  async function forbidden(page: Page, path: string) {
    const asked: string[] = [];
    const listen = (r: { url(): string }) => asked.push(new URL(r.url()).pathname);
    page.on('request', listen);
    await page.goto(path);
    await page.getByTestId('forbidden').waitFor();
    page.off('request', listen);
    expect({ path, text: await page.getByTestId('forbidden').textContent() }).toEqual({
      path,
      text: expect.stringContaining('您的角色无权访问此页面'),
    });
    expect({ path, asked: asked.filter((p) => p.startsWith('/api/') && p !== '/api/auth/me') }).toEqual({ path, asked: [] });
  }
});
