import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dayFrom, get, post } from '../support/defects.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { createDepartment, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { pdfText } from '../support/pdf.js';

/** Every table a survey step writes: a refusal changes none of them. */
const SURVEY_TABLES = [
  'surveys',
  'survey_versions',
  'survey_questions',
  'survey_departments',
  'survey_responses',
  'survey_answers',
  'survey_closures',
  'survey_actions',
  'corrective_actions',
];

interface Detail {
  id: string;
  version: number;
  titleZh: string;
  periodFrom: string;
  periodTo: string;
  asked: number;
  answered: number;
  responseRate: number | null;
  closed: boolean;
  questions: { id: string; seq: number; kind: string; textZh: string; textEn: string }[];
  departments: { departmentId: string; answered: boolean; answeredAt: string | null; answeredByName: string | null }[];
  versions: { version: number; reason: string | null }[];
  closure: { note: string | null; closedBy: string } | null;
  actions: { id: string; seq: number; what: string; correctiveActionId: string; ownerUserId: string; overdue: boolean; done: unknown }[];
  openActionCount: number;
  overdueActionCount: number;
}

interface Mine {
  id: string;
  status: string;
  answeredAt: string | null;
  questions: { id: string; seq: number; kind: string }[];
  answers: { questionId: string; rating: number | null; text: string | null }[];
}

/**
 * Issue 17, "Department feedback" (seed 5.2): the head nurse sets a satisfaction survey for a period;
 * each department asked answers once on its own page; the questions are fixed from the first answer;
 * a closed survey takes no answer; the results (per question, per department, free text, response
 * rate) export as XLSX and PDF; improvement actions are corrective actions, open and overdue with the others.
 */
describe('department satisfaction surveys', () => {
  let t: TestApp;
  let head: TestUser;
  let nurse: TestUser;
  let monitor: TestUser;
  let wardA: TestUser;
  let wardB: TestUser;
  let wardC: TestUser;
  let outsider: TestUser;
  let month: string;

  beforeAll(async () => {
    t = await createTestApp();
    [head, nurse, monitor] = [await createUser(t, 'head_nurse'), await createUser(t, 'nurse'), await createUser(t, 'monitor')];
    const [a, b, c] = [
      await createDepartment(t, { nameZh: '骨科病房', nameEn: 'Orthopaedic ward' }),
      await createDepartment(t, { nameZh: '手术室', nameEn: 'Operating theatre' }),
      await createDepartment(t, { nameZh: '心内科', nameEn: 'Cardiology' }),
    ];
    wardA = await createUser(t, 'department', { departmentId: a.id });
    wardB = await createUser(t, 'department', { departmentId: b.id });
    wardC = await createUser(t, 'department', { departmentId: c.id });
    outsider = await createUser(t, 'department');
    month = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
  });
  afterAll(() => t.close());

  const survey = (over: Record<string, unknown> = {}) => ({
    titleZh: '本季度科室满意度调查',
    titleEn: 'Department satisfaction this quarter',
    periodFrom: month,
    periodTo: month,
    questions: [
      { kind: 'rating', textZh: '器械包送达是否及时', textEn: 'Were the packs delivered on time?' },
      { kind: 'rating', textZh: '器械包是否完好', textEn: 'Were the packs intact?' },
      { kind: 'text', textZh: '其他意见和建议', textEn: 'Other comments' },
    ],
    departmentIds: [wardA.user.departmentId, wardB.user.departmentId, wardC.user.departmentId],
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}) => expectOk(await post(t, head.token, '/api/surveys', survey(over))) as Detail;
  const answers = (s: { questions: { id: string; kind: string }[] }, ratings: number[], text?: string) => ({
    answers: s.questions.map((q, i) =>
      q.kind === 'rating' ? { questionId: q.id, rating: ratings[i] } : { questionId: q.id, ...(text ? { text } : {}) },
    ),
  });
  const answer = (who: TestUser, id: string, body: object) => post(t, who.token, `/api/department/surveys/${id}/response`, body);
  /** Refused with `status` and `code`, and not one row written to the survey tables. */
  async function refused(send: () => Promise<import('supertest').Response>, status: number, code: string) {
    const before = await rowCounts(t, SURVEY_TABLES);
    const body = expectRefused(await send(), status, code);
    expect(await rowCounts(t, SURVEY_TABLES)).toEqual(before);
    return body;
  }

  it('the head nurse sets a survey; each department asked sees it on its own page, one not asked learns nothing of it', async () => {
    const s = await create();
    expect(s).toMatchObject({ version: 1, asked: 3, answered: 0, responseRate: 0, closed: false, closure: null, actions: [] });
    expect(s.questions.map((q) => [q.seq, q.kind])).toEqual([
      [1, 'rating'],
      [2, 'rating'],
      [3, 'text'],
    ]);
    const mine: { id: string; status: string }[] = expectOk(await get(t, wardA.token, '/api/department/surveys'));
    expect(mine.find((x) => x.id === s.id)).toMatchObject({ status: 'open' });
    const one: Mine = expectOk(await get(t, wardA.token, `/api/department/surveys/${s.id}`));
    expect(one).toMatchObject({ status: 'open', answers: [], questions: s.questions.map((q) => ({ id: q.id })) });

    // Another department: not in its list; reading or answering it is "unknown", the same as a survey that does not exist.
    expect((expectOk(await get(t, outsider.token, '/api/department/surveys')) as { id: string }[]).map((x) => x.id)).not.toContain(s.id);
    const notMine = expectRefused(await get(t, outsider.token, `/api/department/surveys/${s.id}`), 404, 'SURVEY_NOT_FOUND');
    const none = expectRefused(await get(t, outsider.token, `/api/department/surveys/${crypto.randomUUID()}`), 404, 'SURVEY_NOT_FOUND');
    expect(notMine).toEqual(none);
    await refused(() => answer(outsider, s.id, answers(s, [5, 5])), 404, 'SURVEY_NOT_FOUND');
  });

  it('who may do what: only the head nurse sets, changes and closes; only a department answers; departments read none of the CSSD’s side', async () => {
    const s = await create();
    for (const who of [nurse, monitor, wardA]) await refused(() => post(t, who.token, '/api/surveys', survey()), 403, 'FORBIDDEN_ROLE');
    for (const who of [nurse, monitor, wardA]) {
      await refused(() => post(t, who.token, `/api/surveys/${s.id}/close`, {}), 403, 'FORBIDDEN_ROLE');
      await refused(() => post(t, who.token, `/api/surveys/${s.id}/versions`, { ...survey(), reason: '改题' }), 403, 'FORBIDDEN_ROLE');
    }
    for (const who of [head, nurse]) await refused(() => answer(who, s.id, answers(s, [4, 4])), 403, 'FORBIDDEN_ROLE');
    for (const path of ['/api/surveys', `/api/surveys/${s.id}`, `/api/surveys/${s.id}/results`])
      expectRefused(await get(t, wardA.token, path), 403, 'FORBIDDEN_ROLE');
    expectRefused(await get(t, head.token, '/api/department/surveys'), 403, 'FORBIDDEN_ROLE');
    // The CSSD's staff read the surveys and their results.
    for (const who of [nurse, monitor]) expectOk(await get(t, who.token, `/api/surveys/${s.id}/results`));
  });

  it('questions change (a new version with its reason) until the first answer; then never — a new survey instead', async () => {
    const s = await create();
    const v2: Detail = expectOk(
      await post(t, head.token, `/api/surveys/${s.id}/versions`, {
        ...survey({
          questions: [...survey().questions, { kind: 'rating', textZh: '下送人员服务态度', textEn: 'Were the couriers courteous?' }],
          departmentIds: [wardA.user.departmentId, wardB.user.departmentId],
        }),
        reason: '补充服务态度一题',
      }),
    );
    expect(v2).toMatchObject({
      id: s.id,
      version: 2,
      asked: 2,
      versions: [
        { version: 1, reason: null },
        { version: 2, reason: '补充服务态度一题' },
      ],
    });
    expect(v2.questions).toHaveLength(4);
    // Ward C is no longer asked: the survey is unknown to it.
    expectRefused(await get(t, wardC.token, `/api/department/surveys/${s.id}`), 404, 'SURVEY_NOT_FOUND');
    // The department answers the questions of the version in force.
    await refused(() => answer(wardA, s.id, answers(s, [5, 5])), 422, 'SURVEY_QUESTION_UNKNOWN');
    const done: Mine = expectOk(await answer(wardA, s.id, answers(v2, [5, 4, 0, 3], '希望周末增加一次下送')));
    expect(done).toMatchObject({
      status: 'answered',
      answers: expect.arrayContaining([{ questionId: v2.questions[3].id, rating: 3, text: null }]),
    });
    expect(done.answeredAt).not.toBeNull();

    const change = { ...survey(), reason: '改题' };
    const body = await refused(() => post(t, head.token, `/api/surveys/${s.id}/versions`, change), 409, 'SURVEY_ANSWERED');
    expect(body.message).toContain('新建');
    expect((expectOk(await get(t, head.token, `/api/surveys/${s.id}`)) as Detail).version).toBe(2);
  });

  it('a department answers once; its answer is never changed (it asks the head nurse), and the page is told so', async () => {
    const s = await create();
    expectOk(await answer(wardB, s.id, answers(s, [4, 5], '包装很好')));
    const again = await refused(
      () =>
        t
          .http()
          .post(`/api/department/surveys/${s.id}/response`)
          .set('Authorization', `Bearer ${wardB.token}`)
          .set('Accept-Language', 'en')
          .send(answers(s, [1, 1])),
      409,
      'SURVEY_ALREADY_ANSWERED',
    );
    expect(again.message).toContain('tell the CSSD head nurse');
    const mine: Mine = expectOk(await get(t, wardB.token, `/api/department/surveys/${s.id}`));
    expect(
      mine.answers
        .filter((a) => a.rating !== null)
        .map((a) => a.rating)
        .sort(),
    ).toEqual([4, 5]);
    // The answers are history in the database too: the service's own role may not UPDATE or DELETE them (nor may the owner: the trigger).
    await expect(t.ds.query(`UPDATE survey_answers SET rating = 1 WHERE rating = 5`)).rejects.toThrow(/append-only|permission denied/);
    await expect(t.ds.query(`DELETE FROM survey_responses WHERE survey_id = $1`, [s.id])).rejects.toThrow(/append-only|permission denied/);
  });

  it('two answers of one department at once, or an answer and a change at once: one wins, the other is refused', async () => {
    const s = await create();
    const both = await Promise.all([answer(wardC, s.id, answers(s, [5, 5])), answer(wardC, s.id, answers(s, [1, 1]))]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('SURVEY_ALREADY_ANSWERED');
    const s2 = await create();
    const [answered, changed] = await Promise.all([
      answer(wardC, s2.id, answers(s2, [4, 4])),
      post(t, head.token, `/api/surveys/${s2.id}/versions`, { ...survey(), reason: '改题' }),
    ]);
    // Whichever came first, the answer names the version in force: never an answer to questions since changed.
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM survey_responses r WHERE r.survey_id = $1
          AND r.version_id <> (SELECT id FROM survey_versions v WHERE v.survey_id = $1 ORDER BY version DESC LIMIT 1)`,
      [s2.id],
    );
    expect(n).toBe(0);
    // The answer first: the change is refused; the change first: the answer names questions no longer asked (SURVEY_QUESTION_UNKNOWN).
    expect([
      [201, 409],
      [422, 201],
    ]).toContainEqual([answered.status, changed.status]);
  });

  it('refuses answers that do not fit: a rating question unrated, a rating out of 1–5, a rating on a free-text question, a foreign question, a malformed body', async () => {
    const s = await create();
    const [q1, q2, q3] = s.questions;
    const cases: [object, number, string][] = [
      [{ answers: [{ questionId: q1.id, rating: 5 }] }, 422, 'SURVEY_ANSWERS_INVALID'],
      [
        {
          answers: [
            { questionId: q1.id, rating: 6 },
            { questionId: q2.id, rating: 4 },
          ],
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        {
          answers: [
            { questionId: q1.id, rating: 0 },
            { questionId: q2.id, rating: 4 },
          ],
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        {
          answers: [
            { questionId: q1.id, rating: 4.5 },
            { questionId: q2.id, rating: 4 },
          ],
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        {
          answers: [
            { questionId: q1.id, rating: 5 },
            { questionId: q2.id, rating: 4 },
            { questionId: q3.id, rating: 3 },
          ],
        },
        422,
        'SURVEY_ANSWERS_INVALID',
      ],
      [
        {
          answers: [
            { questionId: q1.id, rating: 5 },
            { questionId: q1.id, rating: 4 },
            { questionId: q2.id, rating: 4 },
          ],
        },
        422,
        'SURVEY_ANSWERS_INVALID',
      ],
      [
        {
          answers: [
            { questionId: q1.id, text: '好' },
            { questionId: q2.id, rating: 4 },
          ],
        },
        422,
        'SURVEY_ANSWERS_INVALID',
      ],
      [
        {
          answers: [
            { questionId: crypto.randomUUID(), rating: 5 },
            { questionId: q1.id, rating: 5 },
            { questionId: q2.id, rating: 4 },
          ],
        },
        422,
        'SURVEY_QUESTION_UNKNOWN',
      ],
      [{ answers: [{ questionId: 'q1', rating: 5 }] }, 400, 'VALIDATION_FAILED'],
      [{ answers: 'all fives' }, 400, 'VALIDATION_FAILED'],
      [
        {
          answers: [
            { questionId: q1.id, rating: 5 },
            { questionId: q2.id, rating: 4 },
          ],
          departmentId: wardB.user.departmentId,
        },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, status, code] of cases) await refused(() => answer(wardA, s.id, body), status, code);
    expectRefused(await get(t, wardA.token, '/api/department/surveys/not-a-uuid'), 400, 'VALIDATION_FAILED');
    // The free-text question may be left out.
    expectOk(await answer(wardA, s.id, answers(s, [3, 2])));
  });

  it('refuses a survey that does not make sense: a period backwards or past 12 months, an unknown department, no question', async () => {
    const later = `${Number(month.slice(0, 4)) + 1}${month.slice(4)}`;
    await refused(() => post(t, head.token, '/api/surveys', survey({ periodFrom: later, periodTo: month })), 422, 'SURVEY_PERIOD_INVALID');
    await refused(() => post(t, head.token, '/api/surveys', survey({ periodTo: later })), 422, 'SURVEY_PERIOD_INVALID');
    await refused(
      () => post(t, head.token, '/api/surveys', survey({ departmentIds: [crypto.randomUUID()] })),
      422,
      'SURVEY_DEPARTMENT_UNKNOWN',
    );
    await refused(() => post(t, head.token, '/api/surveys', survey({ questions: [] })), 400, 'VALIDATION_FAILED');
    await refused(
      () => post(t, head.token, '/api/surveys', survey({ questions: [{ kind: 'stars', textZh: '好', textEn: 'Good' }] })),
      400,
      'VALIDATION_FAILED',
    );
    await refused(() => post(t, head.token, '/api/surveys', survey({ periodFrom: '2026-13' })), 400, 'VALIDATION_FAILED');
    await refused(() => post(t, head.token, '/api/surveys', survey({ departmentIds: [] })), 400, 'VALIDATION_FAILED');
    await refused(() => post(t, head.token, `/api/surveys/${crypto.randomUUID()}/close`, {}), 404, 'SURVEY_NOT_FOUND');
  });

  it('a closed survey takes no answer and no change; it is closed once', async () => {
    const s = await create();
    expectOk(await answer(wardA, s.id, answers(s, [5, 5])));
    const closed: Detail = expectOk(await post(t, head.token, `/api/surveys/${s.id}/close`, { note: '回收率 2/3' }));
    expect(closed).toMatchObject({ closed: true, closure: { note: '回收率 2/3', closedBy: head.user.id } });
    await refused(() => answer(wardB, s.id, answers(s, [3, 3])), 409, 'SURVEY_CLOSED');
    await refused(() => post(t, head.token, `/api/surveys/${s.id}/close`, {}), 409, 'SURVEY_CLOSED');
    await refused(() => post(t, head.token, `/api/surveys/${s.id}/versions`, { ...survey(), reason: '改题' }), 409, 'SURVEY_CLOSED');
    const mine: { id: string; status: string }[] = expectOk(await get(t, wardB.token, '/api/department/surveys'));
    expect(mine.find((x) => x.id === s.id)).toMatchObject({ status: 'closed' });
    // Ward A's answer stands: answered, not "closed".
    expect(
      (expectOk(await get(t, wardA.token, '/api/department/surveys')) as { id: string; status: string }[]).find((x) => x.id === s.id),
    ).toMatchObject({ status: 'answered' });
  });

  it('results per question and per department, the free text and the response rate; exported as XLSX and PDF', async () => {
    const s = await create();
    expectOk(await answer(wardA, s.id, answers(s, [5, 4], '希望周末增加一次下送')));
    expectOk(await answer(wardB, s.id, answers(s, [2, 4])));
    const r = expectOk(await get(t, head.token, `/api/surveys/${s.id}/results`));
    expect(r).toMatchObject({ asked: 3, answered: 2, responseRate: 0.6667, average: 3.75 });
    expect(
      r.questions.map((q: { seq: number; average: number | null; count: number; scores: number[] }) => [
        q.seq,
        q.count,
        q.average,
        q.scores,
      ]),
    ).toEqual([
      [1, 2, 3.5, [0, 1, 0, 0, 1]],
      [2, 2, 4, [0, 0, 0, 2, 0]],
      [3, 1, null, []],
    ]);
    const byDept = (id: string | null) => r.departments.find((d: { departmentId: string }) => d.departmentId === id);
    expect(byDept(wardA.user.departmentId)).toMatchObject({ answered: true, average: 4.5 });
    expect(byDept(wardC.user.departmentId)).toMatchObject({ answered: false, average: null, answers: [] });
    expect(r.texts).toEqual([expect.objectContaining({ seq: 3, departmentId: wardA.user.departmentId, text: '希望周末增加一次下送' })]);

    const file = (format: string) =>
      t
        .http()
        .get(`/api/surveys/${s.id}/results?format=${format}`)
        .set('Authorization', `Bearer ${head.token}`)
        .buffer(true)
        .parse(binaryBody);
    const xlsx = await file('xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="survey-${month}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '各题得分', '各科室', '意见建议']);
    const comments = wb.getWorksheet('意见建议')!;
    expect(comments.getRows(1, comments.rowCount)!.some((row) => row.getCell(3).value === '希望周末增加一次下送')).toBe(true);
    const pdf = await file('pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    for (const s2 of [
      '科室满意度调查结果',
      'Department satisfaction survey results',
      '回收率 Response rate',
      '66.7%',
      '希望周末增加一次下送',
    ])
      expect(text).toContain(s2);
    expectRefused(await get(t, head.token, `/api/surveys/${s.id}/results?format=doc`), 400, 'VALIDATION_FAILED');
  });

  it('improvement actions are corrective actions: owner and due date checked, listed with the others, overdue after their day, done once by their owner', async () => {
    const s = await create();
    expectOk(await answer(wardA, s.id, answers(s, [2, 3], '下送太晚')));
    const action = (over: Record<string, unknown> = {}) => ({
      what: '骨科病房下送提前到 9 点前',
      departmentId: wardA.user.departmentId,
      ownerUserId: nurse.user.id,
      dueDate: dayFrom(t, 1),
      ...over,
    });
    const path = `/api/surveys/${s.id}/actions`;
    await refused(() => post(t, head.token, path, action({ ownerUserId: wardA.user.id })), 422, 'ACTION_OWNER_INVALID');
    await refused(() => post(t, head.token, path, action({ dueDate: dayFrom(t, -1) })), 422, 'ACTION_DUE_DATE_PAST');
    await refused(
      () => post(t, head.token, path, action({ departmentId: outsider.user.departmentId })),
      422,
      'SURVEY_DEPARTMENT_NOT_ASKED',
    );
    await refused(() => post(t, nurse.token, path, action()), 403, 'FORBIDDEN_ROLE');
    await refused(() => post(t, head.token, path, action({ dueDate: 'tomorrow' })), 400, 'VALIDATION_FAILED');
    const withAction: Detail = expectOk(await post(t, head.token, path, action()));
    expect(withAction.actions).toEqual([
      expect.objectContaining({ seq: 1, what: '骨科病房下送提前到 9 点前', ownerUserId: nurse.user.id, overdue: false, done: null }),
    ]);
    expect(withAction).toMatchObject({ openActionCount: 1, overdueActionCount: 0 });
    const correctiveActionId = withAction.actions[0].correctiveActionId;

    t.clock.advance(2 * 24 * 3_600_000);
    const later: Detail = expectOk(await get(t, head.token, `/api/surveys/${s.id}`));
    expect(later).toMatchObject({ overdueActionCount: 1, actions: [{ overdue: true }] });
    const expected = {
      source: 'survey',
      surveyId: s.id,
      overdue: true,
      findings: '骨科病房下送提前到 9 点前',
      responsibleUserId: nurse.user.id,
    };
    const listed = (xs: { id: string }[]) => xs.find((a) => a.id === correctiveActionId);
    expect(listed(expectOk(await get(t, monitor.token, '/api/corrective-actions?status=open')))).toMatchObject(expected);
    expect(
      listed((expectOk(await get(t, head.token, '/api/board')) as { openCorrectiveActions: { id: string }[] }).openCorrectiveActions),
    ).toMatchObject(expected);

    const done = `/api/surveys/${s.id}/actions/${withAction.actions[0].id}/done`;
    const other = await createUser(t, 'nurse');
    await refused(() => post(t, other.token, done, { actionTaken: '已调整' }), 403, 'ACTION_NOT_OWNER');
    await refused(
      () => post(t, nurse.token, `/api/surveys/${s.id}/actions/${crypto.randomUUID()}/done`, { actionTaken: '已调整' }),
      404,
      'SURVEY_ACTION_NOT_FOUND',
    );
    const future = new Date(t.clock.instant().getTime() + 3_600_000).toISOString();
    await refused(() => post(t, nurse.token, done, { actionTaken: '已调整', doneAt: future }), 422, 'STATED_TIME_IN_FUTURE');
    const closed: Detail = expectOk(await post(t, nurse.token, done, { actionTaken: '下送班次已调整到 8:30' }));
    expect(closed).toMatchObject({
      openActionCount: 0,
      actions: [{ done: expect.objectContaining({ actionTaken: '下送班次已调整到 8:30' }) }],
    });
    await refused(() => post(t, head.token, done, { actionTaken: '再次' }), 409, 'CORRECTIVE_ACTION_CLOSED');
  });
  // Last in the file: it moves the service's clock into the next month.
  it('takes answers only while its period runs; results per department and period, compared', async () => {
    // The month as the service's clock says now: the file's clock starts after the newest record other
    // files left in the shared database, and the test above moved it 2 days, which may have crossed
    // into the next month (then "next month's" survey was already open: a flake seen in a full run).
    month = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
    const next = addMonths(month, 1);
    const ended = await create({ periodFrom: addMonths(month, -2), periodTo: addMonths(month, -1) });
    const s1 = await create({ titleZh: '本月满意度', titleEn: 'This month' });
    const s2 = await create({ titleZh: '下月满意度', titleEn: 'Next month', periodFrom: next, periodTo: next });

    // Before its period: refused, the department told from when; after it: refused; nothing written either way.
    const early = expectRefused(
      await post(t, wardA.token, `/api/department/surveys/${s2.id}/response`, answers(s2, [4, 4]), 'en'),
      409,
      'SURVEY_PERIOD_NOT_STARTED',
    );
    expect(early.message).toBe(`This survey’s period (${next} to ${next}) has not started: it takes answers from ${next}`);
    await refused(() => answer(wardA, s2.id, answers(s2, [4, 4])), 409, 'SURVEY_PERIOD_NOT_STARTED');
    const late = await refused(() => answer(wardA, ended.id, answers(ended, [4, 4])), 409, 'SURVEY_PERIOD_ENDED');
    expect(late.message).toContain('已结束');
    const statuses = (expectOk(await get(t, wardA.token, '/api/department/surveys')) as { id: string; status: string }[]).filter((x) =>
      [ended.id, s1.id, s2.id].includes(x.id),
    );
    expect(Object.fromEntries(statuses.map((x) => [x.id, x.status]))).toEqual({
      [ended.id]: 'ended',
      [s1.id]: 'open',
      [s2.id]: 'upcoming',
    });

    // This month: two wards answer.
    expectOk(await answer(wardA, s1.id, answers(s1, [5, 4])));
    expectOk(await answer(wardB, s1.id, answers(s1, [3, 3])));
    // The next month begins (the hospital's calendar): this month's survey is over, next month's open.
    t.clock.advance(startOfLocalDay(`${next}-01`, t.config.timezone).getTime() + 9 * 3_600_000 - t.clock.instant().getTime());
    await refused(() => answer(wardC, s1.id, answers(s1, [1, 1])), 409, 'SURVEY_PERIOD_ENDED');
    expectOk(await answer(wardA, s2.id, answers(s2, [2, 2])));

    const cmp = expectOk(await get(t, monitor.token, `/api/surveys/comparison?from=${month}&to=${next}`)) as {
      from: string;
      to: string;
      surveys: { surveyId: string; periodFrom: string; asked: number; answered: number }[];
      departments: { departmentId: string; periods: { asked: boolean; answered: boolean; average: number | null }[] }[];
    };
    expect(cmp).toMatchObject({ from: month, to: next });
    // Other surveys of these months (other tests') are there too: ours, in period order.
    const ours = cmp.surveys.map((x, i) => ({ ...x, i })).filter((x) => [s1.id, s2.id].includes(x.surveyId));
    expect(ours.map((x) => [x.surveyId, x.periodFrom, x.asked, x.answered])).toEqual([
      [s1.id, month, 3, 2],
      [s2.id, next, 3, 1],
    ]);
    expect(cmp.surveys.some((x) => x.surveyId === ended.id)).toBe(false);
    const cells = (ward: TestUser) => {
      const d = cmp.departments.find((x) => x.departmentId === ward.user.departmentId)!;
      return ours.map((x) => d.periods[x.i]);
    };
    expect(cells(wardA)).toEqual([
      { asked: true, answered: true, average: 4.5 },
      { asked: true, answered: true, average: 2 },
    ]);
    expect(cells(wardB)).toEqual([
      { asked: true, answered: true, average: 3 },
      { asked: true, answered: false, average: null },
    ]);
    expect(cells(wardC)).toEqual([
      { asked: true, answered: false, average: null },
      { asked: true, answered: false, average: null },
    ]);
    // A department neither asked is not listed.
    expect(cmp.departments.find((x) => x.departmentId === outsider.user.departmentId)).toBeUndefined();

    // Months backwards or over 36, or malformed: refused with a code; a department reads none of it.
    expectRefused(await get(t, head.token, `/api/surveys/comparison?from=${next}&to=${month}`), 422, 'SURVEY_COMPARISON_INVALID');
    expectRefused(
      await get(t, head.token, `/api/surveys/comparison?from=${addMonths(month, -36)}&to=${month}`),
      422,
      'SURVEY_COMPARISON_INVALID',
    );
    expectRefused(await get(t, head.token, `/api/surveys/comparison?from=2026-13&to=${month}`), 400, 'VALIDATION_FAILED');
    expectRefused(await get(t, wardA.token, `/api/surveys/comparison?from=${month}&to=${next}`), 403, 'FORBIDDEN_ROLE');
  });
});
