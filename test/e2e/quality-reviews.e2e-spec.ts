import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dayFrom, freeReviewMonth, get, post, refusedUnchanged, reportDefect } from '../support/defects.js';
import { binaryBody, expectOk } from '../support/expect.js';
import { bearer, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { pdfText } from '../support/pdf.js';

interface Review {
  id: string;
  month: string;
  heldAt: string;
  attendees: string[];
  minutes: string;
  decisionCount: number;
  openDecisionCount: number;
  overdueDecisionCount: number;
  decisions: {
    id: string;
    seq: number;
    decision: string;
    correctiveActionId: string;
    ownerUserId: string;
    dueDate: string;
    overdue: boolean;
    done: { actionTaken: string; closedBy: string } | null;
  }[];
  amendments: { text: string; reason: string; recordedBy: string }[];
  defects: { month: string; total: number };
  analysis: { defects: string; qualityIndicators: string };
}

/**
 * Issue 17, the monthly quality review (seed 10.1, 10.4): the head nurse records the meeting of a
 * month — attendees, minutes, decisions each with an owner and a due date — looking at the month's
 * defects and quality indicators (linked, not recomputed); decisions are corrective actions, closed
 * later with what was done; the minutes print as an A4 PDF. One review a month, never rewritten.
 */
describe('monthly quality review', () => {
  let t: TestApp;
  let head: TestUser;
  let nurse: TestUser;
  let monitor: TestUser;
  let month: string;

  beforeAll(async () => {
    t = await createTestApp();
    [head, nurse, monitor] = [await createUser(t, 'head_nurse'), await createUser(t, 'nurse'), await createUser(t, 'monitor')];
    // A month of its own, long past, and the month after free too: the refusals below try it.
    month = await freeReviewMonth(t, 40, 2);
  });
  afterAll(() => t.close());

  const review = (over: Record<string, unknown> = {}) => ({
    month,
    heldAt: `${addMonths(month, 1)}-05T14:00`,
    attendees: ['周护士长', '赵监测', '王回收'],
    minutes: '本月差错 1 例：湿包。\n讨论装载规范。',
    decisions: [
      { decision: '每周抽查装载', ownerUserId: nurse.user.id, dueDate: dayFrom(t, 10) },
      { decision: '修订湿包处理流程', ownerUserId: monitor.user.id, dueDate: dayFrom(t, 1) },
    ],
    ...over,
  });

  it('records the meeting with its decisions as corrective actions, looking at the month’s defects and indicators', async () => {
    await reportDefect(t, nurse.token, { occurredAt: `${month}-12T09:00` });
    const r: Review = expectOk(await post(t, head.token, '/api/quality-reviews', review()));
    // Stated in the hospital's time zone.
    expect(Date.parse(r.heldAt)).toBe(startOfLocalDay(`${addMonths(month, 1)}-05`, t.config.timezone).getTime() + 14 * 3_600_000);
    expect(r).toMatchObject({
      month,
      attendees: ['周护士长', '赵监测', '王回收'],
      decisionCount: 2,
      openDecisionCount: 2,
      overdueDecisionCount: 0,
      amendments: [],
      defects: { month, total: 1 },
      analysis: {
        defects: `/api/defects/analysis?from=${addMonths(month, -1)}&to=${month}`,
        qualityIndicators: `/api/reports/quality-indicators?from=${addMonths(month, -1)}&to=${month}`,
      },
    });
    expect(r.decisions.map((d) => [d.seq, d.decision, d.ownerUserId, d.done])).toEqual([
      [1, '每周抽查装载', nurse.user.id, null],
      [2, '修订湿包处理流程', monitor.user.id, null],
    ]);
    // Each decision is a corrective action: on the desk's list with its owner and due date.
    const open: { id: string; source: string; reviewId: string; findings: string; whatEn: string }[] = expectOk(
      await get(t, monitor.token, '/api/corrective-actions?status=open'),
    );
    expect(open.find((a) => a.id === r.decisions[1].correctiveActionId)).toMatchObject({
      source: 'review',
      reviewId: r.id,
      findings: '修订湿包处理流程',
      whatEn: `Quality review (${month}) decision 2`,
    });
    // The links read what the meeting looked at.
    expectOk(await get(t, head.token, r.analysis.defects));
    expectOk(await get(t, head.token, r.analysis.qualityIndicators));

    // One review a month: a second is refused; the minutes are corrected by an amendment.
    await refusedUnchanged(t, () => post(t, head.token, '/api/quality-reviews', review()), 409, 'QUALITY_REVIEW_EXISTS');
    const amended: Review = expectOk(
      await post(t, head.token, `/api/quality-reviews/${r.id}/amendments`, { text: '出席人员补记：李核对', reason: '漏记出席人员' }),
    );
    expect(amended.minutes).toBe(r.minutes);
    expect(amended.amendments).toEqual([
      expect.objectContaining({ text: '出席人员补记：李核对', reason: '漏记出席人员', recordedBy: head.user.id }),
    ]);

    // Decisions are closed later with what was done: by their owner (not another nurse), the head nurse or a monitor.
    const other = await createUser(t, 'nurse');
    const first = `/api/quality-reviews/${r.id}/decisions/${r.decisions[0].id}/done`;
    await refusedUnchanged(t, () => post(t, other.token, first, { actionTaken: '已抽查' }), 403, 'ACTION_NOT_OWNER');
    const done: Review = expectOk(await post(t, nurse.token, first, { actionTaken: '本月抽查 4 次，装载均合格' }));
    expect(done.decisions[0].done).toMatchObject({ actionTaken: '本月抽查 4 次，装载均合格', closedBy: nurse.user.id });
    expect(done.openDecisionCount).toBe(1);
    await refusedUnchanged(t, () => post(t, nurse.token, first, { actionTaken: '再次' }), 409, 'CORRECTIVE_ACTION_CLOSED');

    // The other decision, left past its due date, is overdue on the review and on the head nurse's board.
    t.clock.advance(2 * 24 * 3_600_000);
    const later: Review = expectOk(await get(t, nurse.token, `/api/quality-reviews/${r.id}`));
    expect(later).toMatchObject({ overdueDecisionCount: 1, decisions: [{ overdue: false }, { overdue: true }] });
    const board = expectOk(await get(t, head.token, '/api/board'));
    expect(board.openCorrectiveActions.find((a: { id: string }) => a.id === r.decisions[1].correctiveActionId)).toMatchObject({
      overdue: true,
      source: 'review',
    });
    const listed: Review[] = expectOk(await get(t, nurse.token, '/api/quality-reviews'));
    expect(listed.find((x) => x.id === r.id)).toMatchObject({ month, decisionCount: 2, openDecisionCount: 1, overdueDecisionCount: 1 });
  });

  it('prints the minutes as an A4 PDF: the meeting, minutes, decisions, amendments, the month’s defects and quality indicators', async () => {
    const [r] = (expectOk(await get(t, head.token, '/api/quality-reviews')) as Review[]).filter((x) => x.month === month);
    const pdf = await t.http().get(`/api/quality-reviews/${r.id}/minutes`).set(bearer(nurse.token)).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="quality-review-${month}.pdf"`);
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    for (const s of [
      '质量分析会纪要',
      'Quality review minutes',
      '周护士长、赵监测、王回收',
      '讨论装载规范。',
      '每周抽查装载',
      '本月抽查 4 次，装载均合格',
      '出席人员补记：李核对',
      '湿包 Wet pack',
      '质量指标',
      '湿包率 Wet packs',
      '审核人签字',
    ])
      expect(text).toContain(s);
  });

  it('only the head nurse records; a time in the future or before the month began is refused; nothing is written', async () => {
    const next = addMonths(month, 1);
    for (const who of [nurse, monitor, await createUser(t, 'admin'), await createUser(t, 'department')])
      await refusedUnchanged(t, () => post(t, who.token, '/api/quality-reviews', review({ month: next })), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(
      t,
      () => post(t, head.token, '/api/quality-reviews', review({ month: next, heldAt: `${month}-28T10:00` })),
      422,
      'STATED_TIME_TOO_EARLY',
    );
    const ahead = new Date(t.clock.instant().getTime() + 10 * 60_000).toISOString();
    await refusedUnchanged(
      t,
      () => post(t, head.token, '/api/quality-reviews', review({ month: next, heldAt: ahead })),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    // A decision with an owner who cannot own it, or a due date already past: the whole review is refused.
    const department = await createUser(t, 'department');
    await refusedUnchanged(
      t,
      () =>
        post(
          t,
          head.token,
          '/api/quality-reviews',
          review({ month: next, decisions: [{ decision: '培训', ownerUserId: department.user.id, dueDate: dayFrom(t, 3) }] }),
        ),
      422,
      'ACTION_OWNER_INVALID',
    );
    await refusedUnchanged(
      t,
      () =>
        post(
          t,
          head.token,
          '/api/quality-reviews',
          review({ month: next, decisions: [{ decision: '培训', ownerUserId: nurse.user.id, dueDate: dayFrom(t, -1) }] }),
        ),
      422,
      'ACTION_DUE_DATE_PAST',
    );
    await refusedUnchanged(
      t,
      () => post(t, head.token, '/api/quality-reviews', review({ month: next, attendees: [] })),
      400,
      'VALIDATION_FAILED',
    );
    // A review without decisions is fine.
    const before = await rowCounts(t, ['corrective_actions']);
    expectOk(await post(t, head.token, '/api/quality-reviews', review({ month: next, decisions: [] })));
    expect(await rowCounts(t, ['corrective_actions'])).toEqual(before);
    const none = '00000000-0000-4000-8000-000000000000';
    await refusedUnchanged(t, () => get(t, nurse.token, `/api/quality-reviews/${none}`), 404, 'QUALITY_REVIEW_NOT_FOUND');
    await refusedUnchanged(
      t,
      () => post(t, head.token, `/api/quality-reviews/${none}/amendments`, { text: '补记', reason: '漏记' }),
      404,
      'QUALITY_REVIEW_NOT_FOUND',
    );
  });
});
