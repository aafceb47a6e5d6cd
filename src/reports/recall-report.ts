import { STATE_LABELS, type PackState } from '../kernel/pack-state.js';
import { DISPOSITIONS, type Disposition } from '../recall/recall-item.entity.js';
import type { RecallTrigger } from '../recall/recall.entity.js';
import { both, DISPOSITION_NAMES, RECALL_TRIGGER_NAMES } from './record-names.js';
import { formatWallClock, type ReportColumn, type ReportDocument, type ReportSheet } from './report-table.js';

/** What the repository reads for a recall report (REPORTS_SQL.recall…), row by row. */
export interface RecallHeaderRow {
  id: string;
  number: string;
  trigger: RecallTrigger;
  reason: string;
  scope: Record<string, unknown>;
  status: 'open' | 'closed';
  opened_at: Date;
  opened_by: string;
  closed_at: Date | null;
  closed_by: string | null;
  close_note: string | null;
  cause: string | null;
  reprocessed_count: number | null;
  discarded_count: number | null;
  reported_to: string | null;
  reported_at: Date | null;
  conclusion: string | null;
}

export interface RecallItemRow {
  barcode: string;
  load_id: string;
  template_code: string;
  name_zh: string;
  name_en: string;
  implant: boolean;
  state_at_recall: PackState;
  disposition: Disposition;
  patient_id: string | null;
  operation_id: string | null;
  department_code: string | null;
  department_name_zh: string | null;
  department_name_en: string | null;
  accounted_at: Date | null;
  accounted_by: string | null;
  sent_back_by_department: boolean;
  handed_in_by: string | null;
  accounted_step: string | null;
  accounted_station: string | null;
  used_at: Date | null;
  used_by: string | null;
}

export interface RecallLoadRow {
  id: string;
  sterilizer_id: string;
  cycle_no: number;
  started_at: Date | null;
  completed_at: Date | null;
  sterilizer_code: string;
  sterilizer_name_zh: string;
  sterilizer_name_en: string;
  program_code: string | null;
  program_name_zh: string | null;
  program_name_en: string | null;
}

export interface RecallNoticeRow {
  created_at: Date;
  packs: number;
  department_code: string;
  department_name_zh: string;
  department_name_en: string;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_station: string | null;
}

export interface TriggerBiRow {
  lot: string;
  placed_at: Date;
  read_at: Date | null;
  result_recorded_at: Date | null;
  read_by: string | null;
  cycle_no: number;
  product_code: string | null;
  product_name_zh: string | null;
  product_name_en: string | null;
}

export interface AnchorRow {
  cycle_no: number;
  started_at: Date;
  bi_recorded_at: Date | null;
}

export interface SterilizerRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  type: string;
}

type Department = { code: string; nameZh: string; nameEn: string };
type Bilingual = { zh: string; en: string };

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

function departmentOf(r: { department_code: string | null; department_name_zh: string | null; department_name_en: string | null }) {
  return r.department_code ? { code: r.department_code, nameZh: r.department_name_zh!, nameEn: r.department_name_en! } : null;
}

function noCounts(): Record<Disposition, number> {
  return Object.fromEntries(DISPOSITIONS.map((d) => [d, 0])) as Record<Disposition, number>;
}

/** A step of the recall as the timeline lists it; `order` breaks ties between steps of one instant. */
export const TIMELINE_STEPS = ['opened', 'notice', 'notice_delivered', 'notice_acknowledged', 'accounted', 'reported', 'closed'] as const;
export type TimelineStep = (typeof TIMELINE_STEPS)[number];

export interface TimelineEntry {
  at: string;
  step: TimelineStep;
  text: Bilingual;
  by: string | null;
  station: string | null;
  department: Department | null;
  barcode: string | null;
}

/** How a pack was accounted for, as the timeline says it: by the step its history recorded. */
function accountedText(i: RecallItemRow): Bilingual {
  if (i.disposition === 'pulled') return { zh: '已从库房撤回', en: 'pulled from storage' };
  if (i.disposition === 'returned')
    return i.sent_back_by_department
      ? { zh: '科室退回消毒供应中心', en: 'sent back to the CSSD by its department' }
      : i.handed_in_by
        ? {
            zh: `退回，消毒供应中心扫描收回（交回人：${i.handed_in_by}）`,
            en: `returned, scanned in at the CSSD (handed in by ${i.handed_in_by})`,
          }
        : { zh: '退回，消毒供应中心扫描收回', en: 'returned, scanned in at the CSSD' };
  if (i.disposition === 'used')
    return { zh: '科室补录使用（需随访患者）', en: 'use recorded afterwards by the department (patient follow-up)' };
  if (i.disposition === 'out_of_circulation') return { zh: '科室确认未使用', en: 'stated not used by the department' };
  return DISPOSITION_NAMES[i.disposition];
}

export interface RecallReportInput {
  header: RecallHeaderRow;
  /** The department whose slice this is (a department user), or null: the whole recall. */
  department: Department | null;
  reason: Bilingual;
  items: RecallItemRow[];
  /** Every load of the recall (a department's slice lists those of its packs; the window counts them all). */
  loads: RecallLoadRow[];
  /** The sterilizers of the scope and of the loads, by id. */
  sterilizers: Map<string, SterilizerRow>;
  notices: RecallNoticeRow[];
  triggerBi: TriggerBiRow | null;
  /** Per sterilizer of a "since the last passing BI" scope: the anchor the scope rule finds (null: none). */
  anchors: Map<string, AnchorRow | null>;
  hospital: string;
  timezone: string;
}

/**
 * 召回报告 (issue 15), for the infection-control office: the recall's header, its timeline, its
 * scope (the loads and their packs), every pack's disposition, and the patients to follow up. A
 * department's slice holds its own packs, patients and notices only, and none of the closing
 * record's totals (they count every department's packs).
 */
export function recallReport(r: RecallReportInput) {
  const h = r.header;
  const loadsById = new Map(r.loads.map((l) => [l.id, l]));
  const counts = noCounts();
  for (const i of r.items) counts[i.disposition]++;
  const scope = h.scope as {
    scopes?: { kind: string; sterilizerId?: string }[];
    sterilizerCode?: string;
    failedCycleNo?: number;
    reportedPack?: string;
  };

  const packs = r.items.map((i) => {
    const l = loadsById.get(i.load_id)!;
    return {
      barcode: i.barcode,
      set: { code: i.template_code, nameZh: i.name_zh, nameEn: i.name_en },
      implant: i.implant,
      sterilizerCode: l.sterilizer_code,
      cycleNo: l.cycle_no,
      stateAtRecall: i.state_at_recall,
      stateAtRecallName: STATE_LABELS[i.state_at_recall],
      department: departmentOf(i),
      disposition: i.disposition,
      accountedAt: iso(i.accounted_at),
      accountedBy: i.accounted_by,
      station: i.accounted_station,
      sentBackByDepartment: i.sent_back_by_department,
      handedInBy: i.handed_in_by,
    };
  });

  const followUp = r.items
    .filter((i) => i.disposition === 'used')
    .map((i) => {
      const l = loadsById.get(i.load_id)!;
      return {
        patientId: i.patient_id,
        operationId: i.operation_id,
        department: departmentOf(i),
        usedAt: iso(i.used_at),
        usedBy: i.used_by,
        barcode: i.barcode,
        set: { code: i.template_code, nameZh: i.name_zh, nameEn: i.name_en },
        sterilizerCode: l.sterilizer_code,
        cycleNo: l.cycle_no,
      };
    })
    .sort((a, b) => (a.department?.code ?? '').localeCompare(b.department?.code ?? '') || (a.usedAt ?? '').localeCompare(b.usedAt ?? ''));

  // Per load, its packs' dispositions: one pass (a recall of a sterilizer's history has thousands of loads).
  const perLoad = new Map<string, Record<Disposition, number>>();
  for (const i of r.items) {
    let c = perLoad.get(i.load_id);
    if (!c) perLoad.set(i.load_id, (c = noCounts()));
    c[i.disposition]++;
  }
  const loads = r.loads
    .filter((l) => perLoad.has(l.id))
    .map((l) => {
      const c = perLoad.get(l.id)!;
      return {
        id: l.id,
        sterilizer: { code: l.sterilizer_code, nameZh: l.sterilizer_name_zh, nameEn: l.sterilizer_name_en },
        cycleNo: l.cycle_no,
        program: l.program_code ? { code: l.program_code, nameZh: l.program_name_zh!, nameEn: l.program_name_en! } : null,
        startedAt: iso(l.started_at),
        completedAt: iso(l.completed_at),
        packs: Object.values(c).reduce((a, b) => a + b, 0),
        counts: c,
      };
    });

  // The sterilizers concerned: those of the scope (an infection cluster names them even with no pack found) and of the loads.
  const sterilizerIds = [
    ...new Set([
      ...(scope.scopes ?? []).map((s) => s.sterilizerId).filter((id): id is string => !!id),
      ...r.loads.map((l) => l.sterilizer_id),
    ]),
  ];
  const sterilizers = sterilizerIds.map((id) => {
    const of = r.loads.filter((l) => l.sterilizer_id === id);
    const anchor = r.anchors.get(id);
    const s = r.sterilizers.get(id)!;
    return {
      id,
      code: s.code,
      nameZh: s.name_zh,
      nameEn: s.name_en,
      window: {
        sinceLastPassingBi: r.anchors.has(id),
        lastPassingBi: anchor
          ? { cycleNo: anchor.cycle_no, startedAt: iso(anchor.started_at)!, resultRecordedAt: iso(anchor.bi_recorded_at) }
          : null,
        firstCycleNo: of[0]?.cycle_no ?? null,
        lastCycleNo: of.at(-1)?.cycle_no ?? null,
        firstStartedAt: iso(of[0]?.started_at ?? null),
        lastStartedAt: iso(of.at(-1)?.started_at ?? null),
        loads: of.length,
      },
    };
  });

  const triggeredBy =
    h.trigger === 'bi_failed' && r.triggerBi
      ? {
          kind: 'bi' as const,
          sterilizerCode: scope.sterilizerCode ?? null,
          cycleNo: r.triggerBi.cycle_no,
          lot: r.triggerBi.lot,
          product: r.triggerBi.product_code
            ? { code: r.triggerBi.product_code, nameZh: r.triggerBi.product_name_zh!, nameEn: r.triggerBi.product_name_en! }
            : null,
          placedAt: iso(r.triggerBi.placed_at),
          readAt: iso(r.triggerBi.read_at),
          recordedAt: iso(r.triggerBi.result_recorded_at),
          readBy: r.triggerBi.read_by,
          reportedPack: null,
        }
      : h.trigger === 'chemical_failed' && typeof scope.failedCycleNo === 'number'
        ? {
            kind: 'chemical' as const,
            sterilizerCode: scope.sterilizerCode ?? null,
            cycleNo: scope.failedCycleNo,
            lot: null,
            product: null,
            placedAt: null,
            readAt: null,
            recordedAt: null,
            readBy: null,
            // The pack a department reported is that department's (§5): only the whole recall names it.
            reportedPack: r.department ? null : (scope.reportedPack ?? null),
          }
        : null;

  const whole = r.department === null;
  const closed = h.closed_at ? { at: iso(h.closed_at)!, by: h.closed_by } : null;
  return {
    id: h.id,
    number: h.number,
    hospital: r.hospital,
    timezone: r.timezone,
    department: r.department,
    status: h.status,
    trigger: h.trigger,
    triggerName: RECALL_TRIGGER_NAMES[h.trigger],
    reason: r.reason,
    triggeredBy,
    sterilizers,
    opened: { at: iso(h.opened_at)!, by: h.opened_by },
    closed,
    hoursToClose: h.closed_at ? Math.round((h.closed_at.getTime() - h.opened_at.getTime()) / 360_000) / 10 : null,
    closing:
      h.status === 'closed'
        ? {
            cause: h.cause,
            conclusion: h.conclusion,
            reprocessedCount: whole ? h.reprocessed_count : null,
            discardedCount: whole ? h.discarded_count : null,
            reportedTo: whole ? h.reported_to : null,
            reportedAt: whole ? iso(h.reported_at) : null,
            note: whole ? h.close_note : null,
          }
        : null,
    counts,
    total: r.items.length,
    timeline: recallTimeline(r, counts),
    loads,
    packs,
    followUp,
  };
}

export type RecallReport = ReturnType<typeof recallReport>;

/**
 * Every step of the recall in time order: opened, each department told (the webhook's delivery, the
 * department's acknowledgement), each pack accounted for, reported, closed.
 */
export function recallTimeline(r: RecallReportInput, counts: Record<Disposition, number>): TimelineEntry[] {
  const h = r.header;
  const entry = (at: Date, step: TimelineStep, text: Bilingual, more: Partial<TimelineEntry> = {}): TimelineEntry => ({
    at: new Date(at).toISOString(),
    step,
    text,
    by: null,
    station: null,
    department: null,
    barcode: null,
    ...more,
  });
  const found = [
    counts.used ? { zh: `其中 ${counts.used} 个已使用`, en: `${counts.used} already used` } : null,
    counts.use_not_recorded
      ? { zh: `${counts.use_not_recorded} 个未记录使用`, en: `${counts.use_not_recorded} with no use recorded` }
      : null,
    counts.out_of_circulation
      ? { zh: `${counts.out_of_circulation} 个已不在流通`, en: `${counts.out_of_circulation} already out of circulation` }
      : null,
  ].filter((x): x is Bilingual => x !== null);
  const total = r.items.length;
  const out: TimelineEntry[] = [
    entry(
      h.opened_at,
      'opened',
      {
        zh: `发起召回（${RECALL_TRIGGER_NAMES[h.trigger].zh}）：${total} 个包${found.length ? `，${found.map((f) => f.zh).join('，')}` : ''}`,
        en: `Recall opened (${RECALL_TRIGGER_NAMES[h.trigger].en}): ${total} pack(s)${found.length ? `, ${found.map((f) => f.en).join(', ')}` : ''}`,
      },
      { by: h.opened_by },
    ),
  ];
  for (const n of r.notices) {
    const department = { code: n.department_code, nameZh: n.department_name_zh, nameEn: n.department_name_en };
    out.push(
      entry(
        n.created_at,
        'notice',
        { zh: `通知${n.department_name_zh}：${n.packs} 个包`, en: `${n.department_name_en} told: ${n.packs} pack(s)` },
        { department },
      ),
    );
    if (n.delivered_at)
      out.push(
        entry(
          n.delivered_at,
          'notice_delivered',
          { zh: `${n.department_name_zh}的通知已推送送达`, en: `Notice to ${n.department_name_en} delivered (webhook)` },
          { department },
        ),
      );
    if (n.acknowledged_at)
      out.push(
        entry(
          n.acknowledged_at,
          'notice_acknowledged',
          { zh: `${n.department_name_zh}确认已阅知通知`, en: `${n.department_name_en} acknowledged the notice` },
          { department, by: n.acknowledged_by, station: n.acknowledged_station },
        ),
      );
  }
  for (const i of r.items) {
    if (!i.accounted_at) continue;
    out.push(
      entry(i.accounted_at, 'accounted', accountedText(i), {
        by: i.accounted_by,
        station: i.accounted_station,
        department: departmentOf(i),
        barcode: i.barcode,
      }),
    );
  }
  if (h.reported_at && r.department === null)
    out.push(entry(h.reported_at, 'reported', { zh: `上报：${h.reported_to ?? ''}`, en: `Reported to ${h.reported_to ?? ''}` }));
  if (h.closed_at)
    out.push(
      entry(
        h.closed_at,
        'closed',
        { zh: `召回关闭${h.cause ? `：${h.cause}` : ''}`, en: `Recall closed${h.cause ? `: ${h.cause}` : ''}` },
        { by: h.closed_by },
      ),
    );
  const rank = (s: TimelineStep) => TIMELINE_STEPS.indexOf(s);
  return out.sort((a, b) => a.at.localeCompare(b.at) || rank(a.step) - rank(b.step) || (a.barcode ?? '').localeCompare(b.barcode ?? ''));
}

const text = (zh: string, en: string, width: number): ReportColumn => ({ zh, en, kind: 'text', width });
const int = (zh: string, en: string, width = 6): ReportColumn => ({ zh, en, kind: 'int', width });
const time = (zh: string, en: string): ReportColumn => ({ zh, en, kind: 'datetime', width: 14 });
const at = (s: string | null) => (s === null ? null : new Date(s));
const dept = (d: Department | null) => (d ? `${d.code} ${d.nameZh}` : '');
const load = (code: string, cycle: number) => `${code} #${cycle}`;

/** A sheet of item / value lines (a record's particulars); times are written as the hospital reads them. */
export function particulars(nameZh: string, nameEn: string, lines: [string, string | number | null][]): ReportSheet {
  return {
    nameZh,
    nameEn,
    columns: [text('项目', 'Item', 14), text('内容', 'Value', 40)],
    rows: lines.map(([k, v]) => [k, v === null ? '—' : v]),
  };
}

/** The recall report as the exports write it: its particulars, timeline, scope, packs and patients, one sheet each. */
export function recallReportDocument(r: RecallReport): ReportDocument {
  const tz = r.timezone;
  const when = (s: string | null) => (s ? formatWallClock(new Date(s), tz) : null);
  const t = r.triggeredBy;
  const lines: [string, string | number | null][] = [
    ['召回单号 Recall number', r.number],
    ['状态 Status', r.status === 'open' ? '进行中 Open' : '已关闭 Closed'],
    ['类别 Trigger', both(r.triggerName)],
    ['原因 Reason', r.reason.zh === r.reason.en ? r.reason.zh : `${r.reason.zh} / ${r.reason.en}`],
  ];
  if (r.department) lines.push(['科室 Department', `${r.department.code} ${r.department.nameZh} ${r.department.nameEn}`]);
  if (t?.kind === 'bi')
    lines.push([
      '阳性生物监测 Positive BI',
      `${t.sterilizerCode ?? ''} #${t.cycleNo}  批号 lot ${t.lot}${t.product ? `  ${t.product.code} ${t.product.nameZh}` : ''}  读取 read ${when(t.readAt) ?? '—'} ${t.readBy ?? ''}`,
    ]);
  if (t?.kind === 'chemical')
    lines.push([
      '化学监测不合格 Chemical indicator failed',
      `${t.sterilizerCode ?? ''} #${t.cycleNo}${t.reportedPack ? `  包 pack ${t.reportedPack}` : ''}`,
    ]);
  for (const s of r.sterilizers) {
    const w = s.window;
    const anchor = w.lastPassingBi
      ? `上次合格生物监测 last passing BI #${w.lastPassingBi.cycleNo}（${when(w.lastPassingBi.resultRecordedAt ?? w.lastPassingBi.startedAt)}）之后 after it; `
      : w.sinceLastPassingBi
        ? '无合格生物监测记录 no passing BI on record; '
        : '';
    const span =
      w.firstCycleNo === null
        ? '无锅次 no loads'
        : `#${w.firstCycleNo}–#${w.lastCycleNo}，${w.loads} 锅 load(s)，${when(w.firstStartedAt)} — ${when(w.lastStartedAt)}`;
    lines.push([`灭菌器 Sterilizer ${s.code} ${s.nameZh}`, anchor + span]);
  }
  lines.push(['发起 Opened', `${when(r.opened.at)} ${r.opened.by}`]);
  lines.push(['关闭 Closed', r.closed ? `${when(r.closed.at)} ${r.closed.by ?? ''}` : null]);
  lines.push(['关闭用时（小时） Hours to close', r.hoursToClose]);
  lines.push(['包数 Packs', r.total]);
  for (const d of DISPOSITIONS) lines.push([both(DISPOSITION_NAMES[d]), r.counts[d]]);
  if (r.closing) {
    lines.push(['调查结果 Cause', r.closing.cause]);
    if (r.closing.reprocessedCount !== null) lines.push(['重新处理 Reprocessed', r.closing.reprocessedCount]);
    if (r.closing.discardedCount !== null) lines.push(['报废 Discarded', r.closing.discardedCount]);
    if (r.closing.reportedTo !== null) lines.push(['上报 Reported to', `${r.closing.reportedTo} ${when(r.closing.reportedAt) ?? ''}`]);
    lines.push(['结论 Conclusion', r.closing.conclusion]);
  }

  const sheets: ReportSheet[] = [
    particulars('召回概况', 'Summary', lines),
    {
      nameZh: '时间线',
      nameEn: 'Timeline',
      columns: [
        time('时间', 'Time'),
        text('步骤', 'Step', 30),
        text('科室', 'Department', 12),
        text('包条码', 'Pack', 12),
        text('人员', 'By', 10),
        text('工作站', 'Station', 9),
      ],
      rows: r.timeline.map((e) => [at(e.at), `${e.text.zh} ${e.text.en}`, dept(e.department), e.barcode, e.by, e.station]),
    },
    {
      nameZh: '召回范围',
      nameEn: 'Scope',
      columns: [
        text('灭菌器', 'Sterilizer', 14),
        int('锅次', 'Cycle', 5),
        text('程序', 'Program', 10),
        time('开始时间', 'Start'),
        time('结束时间', 'End'),
        int('包数', 'Packs', 5),
        ...DISPOSITIONS.map((d) => int(DISPOSITION_NAMES[d].zh, DISPOSITION_NAMES[d].en, 6)),
      ],
      rows: r.loads.map((l) => [
        `${l.sterilizer.code} ${l.sterilizer.nameZh}`,
        l.cycleNo,
        l.program ? l.program.nameZh : '—',
        at(l.startedAt),
        at(l.completedAt),
        l.packs,
        ...DISPOSITIONS.map((d) => l.counts[d]),
      ]),
    },
    {
      nameZh: '包处理',
      nameEn: 'Dispositions',
      columns: [
        text('包条码', 'Pack', 12),
        text('器械包', 'Set', 14),
        text('锅次', 'Load', 9),
        text('召回时位置', 'Where at recall', 11),
        text('科室', 'Department', 12),
        text('处理', 'Accounted as', 12),
        time('登记时间', 'Accounted at'),
        text('登记人', 'By', 10),
        text('工作站', 'Station', 9),
      ],
      rows: r.packs.map((p) => [
        p.barcode,
        `${p.set.code} ${p.set.nameZh}`,
        load(p.sterilizerCode, p.cycleNo),
        both(p.stateAtRecallName),
        dept(p.department),
        both(DISPOSITION_NAMES[p.disposition]),
        at(p.accountedAt),
        p.accountedBy,
        p.station,
      ]),
    },
    {
      nameZh: '随访患者',
      nameEn: 'Patient follow-up',
      columns: [
        text('患者标识', 'Patient', 12),
        text('手术/操作', 'Operation', 10),
        text('科室', 'Department', 12),
        time('使用时间', 'Used at'),
        text('使用人', 'Used by', 10),
        text('包条码', 'Pack', 12),
        text('器械包', 'Set', 14),
        text('锅次', 'Load', 9),
      ],
      rows: r.followUp.map((f) => [
        f.patientId,
        f.operationId,
        dept(f.department),
        at(f.usedAt),
        f.usedBy,
        f.barcode,
        `${f.set.code} ${f.set.nameZh}`,
        load(f.sterilizerCode, f.cycleNo),
      ]),
    },
  ];
  return {
    titleZh: '召回报告',
    titleEn: 'Recall report',
    hospital: r.hospital,
    period: r.department ? `${r.number}  ${r.department.code} ${r.department.nameZh}` : r.number,
    timezone: tz,
    landscape: true,
    sheets,
  };
}
