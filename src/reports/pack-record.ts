import { PACKAGING_NAMES } from '../catalog/packaging-compatibility.js';
import type { PackagingMaterial } from '../catalog/catalog.enums.js';
import { STATE_LABELS, type PackState } from '../kernel/pack-state.js';
import type { PackEventType } from '../kernel/pack-event-types.js';
import type { TraceService } from '../trace/trace.service.js';
import { both, PACK_EVENT_NAMES } from './record-names.js';
import { particulars } from './recall-report.js';
import { calendarDay, formatWallClock, passFail, type ReportDocument, type ReportSheet } from './report-table.js';

/** A pack's provenance as the trace service answers it (the caller's view: a department sees its own cycle only). */
export type Provenance = Awaited<ReturnType<TraceService['pack']>>;

type Person = { displayName: string } | null | undefined;
const who = (...people: Person[]) =>
  people
    .filter((p): p is NonNullable<Person> => !!p)
    .map((p) => p.displayName)
    .join(' / ') || null;
const yesNo = (v: boolean | null | undefined) => (v === true ? '是 yes' : v === false ? '否 no' : null);
const num = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** What an event's data says that a reader of the record needs (the rest is the step itself). */
const EVENT_DETAILS: [key: string, zh: string, en: string][] = [
  ['patientId', '患者', 'patient'],
  ['operationId', '手术', 'operation'],
  ['departmentCode', '科室', 'department'],
  ['fromDepartmentCode', '来自科室', 'from department'],
  ['location', '货位', 'location'],
  ['kind', '类型', 'kind'],
  ['reason', '原因', 'reason'],
  ['oldBarcode', '原条码', 'old barcode'],
  ['note', '备注', 'note'],
];

function detail(data: Record<string, unknown>): string {
  return EVENT_DETAILS.filter(([k]) => data[k] !== undefined && data[k] !== null && data[k] !== '')
    .map(([k, zh, en]) => `${zh} ${en}: ${String(data[k])}`)
    .join('; ');
}

/**
 * 包追溯记录 — the printable record of one pack (issue 15): the pack and its set, every step with
 * who, when and where, its washer cycle, its load and the monitoring results that released it,
 * its dispatch and its use. Built from the provenance the caller may see, so a department's print
 * holds its own cycle of the set only, as its screen does.
 */
export function packRecordDocument(p: Provenance, meta: { hospital: string; timezone: string }): ReportDocument {
  const tz = meta.timezone;
  const when = (d: Date | string | null | undefined) => (d ? formatWallClock(new Date(d), tz) : null);
  const state = (s: string | null) => (s ? both(STATE_LABELS[s as PackState]) : '');
  const pack: [string, string | number | null][] = [
    ['条码 Barcode', p.pack.barcode],
    ['器械包 Set', `${p.template.code} ${p.template.nameZh} ${p.template.nameEn}`],
    ['器械包编号 Asset code', p.set?.assetCode ?? null],
    ['循环次数 Cycle of the set', p.set?.cycleNo ?? null],
    ['当前状态 State now', both(STATE_LABELS[p.pack.state])],
    ['植入物 Implant', yesNo(p.template.implant)],
    ['包装材料 Packaging', both(PACKAGING_NAMES[p.template.packagingMaterial as PackagingMaterial])],
    ['灭菌日期 Sterilized on', calendarDay(p.sterilizationDate)],
    ['失效日期 Expires on', calendarDay(p.expiryDate)],
    ['湿包 Wet', yesNo(p.wet)],
    ['破损 Damaged', yesNo(p.damaged)],
    ['作废条码 Voided labels', p.labels.voidedBarcodes.join(', ') || null],
  ];
  const sheets: ReportSheet[] = [particulars('包信息', 'Pack', pack)];

  sheets.push({
    nameZh: '追溯事件',
    nameEn: 'Every step',
    columns: [
      { zh: '时间', en: 'Time', kind: 'datetime', width: 14 },
      { zh: '步骤', en: 'Step', kind: 'text', width: 18 },
      { zh: '之后状态', en: 'State after', kind: 'text', width: 14 },
      { zh: '人员', en: 'By', kind: 'text', width: 10 },
      { zh: '复核人', en: 'Second person', kind: 'text', width: 10 },
      { zh: '工作站', en: 'Station', kind: 'text', width: 9 },
      { zh: '说明', en: 'Details', kind: 'text', width: 22 },
    ],
    rows: p.events.map((e) => [
      new Date(e.at),
      both(PACK_EVENT_NAMES[e.type as PackEventType] ?? { zh: e.type, en: e.type }),
      state(e.toState),
      e.by?.displayName ?? null,
      e.secondBy?.displayName ?? null,
      e.station,
      detail(e.data),
    ]),
  });

  const c = p.cleaning as
    | {
        kind: 'washer';
        washer: { code: string; nameZh: string };
        program: { code: string; nameZh: string };
        cycleNo: number;
        result: string;
        temperatureC: unknown;
        disinfectMinutes: unknown;
        a0: unknown;
        openedAt: Date;
        completedAt: Date | null;
        operator: Person;
      }
    | { kind: 'manual'; at: Date; by: Person; station: string | null }
    | null;
  if (c?.kind === 'washer')
    sheets.push(
      particulars('清洗消毒', 'Cleaning', [
        ['清洗消毒器 Washer', `${c.washer.code} ${c.washer.nameZh}`],
        ['程序 Program', `${c.program.code} ${c.program.nameZh}`],
        ['批次 Cycle', c.cycleNo],
        ['结果 Result', c.result === 'passed' ? passFail(true) : c.result === 'failed' ? passFail(false) : c.result],
        ['温度 ℃ Temperature °C', num(c.temperatureC)],
        ['消毒时间 分钟 Disinfection min', num(c.disinfectMinutes)],
        ['A0', num(c.a0)],
        ['开始 Started', when(c.openedAt)],
        ['完成 Completed', when(c.completedAt)],
        ['操作员 Operator', who(c.operator)],
      ]),
    );
  else if (c?.kind === 'manual')
    sheets.push(
      particulars('清洗消毒', 'Cleaning', [
        ['方式 How', '手工清洗 Cleaned by hand'],
        ['时间 At', when(c.at)],
        ['操作员 By', who(c.by)],
      ]),
    );

  if (p.packing)
    sheets.push(
      particulars('检查包装', 'Inspection and packing', [
        ['时间 At', when(p.packing.at)],
        ['检查人 Inspected by', who(p.packing.inspector)],
        ['包装人 Packed by', who(p.packing.packer)],
        ['核对人 Checked by', who(p.packing.checker)],
        ['缺件核准 Packed short, approved by', p.shortfall.packedShort ? who(p.shortfall.packedShort.approvedBy) : null],
      ]),
    );

  const s = p.sterilization;
  if (s) {
    const ph = s.physical;
    sheets.push(
      particulars('灭菌', 'Sterilization', [
        ['灭菌器 Sterilizer', `${s.sterilizer.code} ${s.sterilizer.nameZh}`],
        ['锅次 Cycle', s.cycleNo],
        ['程序 Program', `${s.program.code} ${s.program.nameZh}`],
        ['开始 Started', when(s.startedAt)],
        ['卸载 Unloaded', when(s.completedAt)],
        ['操作员 Operator', who(s.operator)],
        ['卸载人 / 复核人 Unloaded / co-signed by', who(s.unloadedBy, s.coSignedBy)],
        ['装载核查 Loading check', s.loadingCheck ? passFail(s.loadingCheck.passed) : null],
        ['温度 ℃ Temperature °C', ph.tempMaxC === null ? null : `${ph.tempMinC ?? '—'} – ${ph.tempMaxC}`],
        ['压力 kPa Pressure kPa', ph.pressureMaxKpa === null ? null : `${ph.pressureMinKpa ?? '—'} – ${ph.pressureMaxKpa}`],
        ['维持时间 分钟 Hold min', num(ph.holdMinutes)],
        ['过氧化氢 mg/L H2O2 mg/L', num(ph.h2o2MgL)],
        ['物理监测 Physical', passFail(ph.passed)],
        ['批量化学监测 Load chemical indicator', passFail(p.indicators.loadChemicalPassed)],
        ['包外化学指示物 Outside indicator', passFail(p.indicators.outsideIndicatorPassed)],
      ]),
    );
  }

  const m = p.monitoring;
  type Bi = { lot: string; result: string; readAt: string | null; readBy: string | null; invalid: boolean; placedAt: string };
  const bis = m.biologicalIndicators as unknown as Bi[];
  const bd = m.bowieDick as { testedAt: string; passed: boolean; by: string } | null;
  const emergency = m.emergencyRelease as { at: string; reason: string; approvedBy: string } | null;
  if (s || bis.length > 0) {
    const lines: [string, string | number | null][] = [
      ['B-D 试验 B-D test', bd ? `${passFail(bd.passed)} ${when(bd.testedAt)} ${bd.by}` : null],
    ];
    bis.forEach((b, i) =>
      lines.push([
        `生物监测 BI ${i + 1}`,
        `批号 lot ${b.lot}; ${biResult(b.result, b.invalid)}; 读取 read ${when(b.readAt) ?? '—'} ${b.readBy ?? ''}`,
      ]),
    );
    lines.push(['紧急放行 Emergency release', emergency ? `${when(emergency.at)} ${emergency.approvedBy}: ${emergency.reason}` : null]);
    sheets.push(particulars('放行依据', 'Monitoring that released it', lines));
  }

  sheets.push(
    particulars('储存发放与使用', 'Storage, dispatch and use', [
      ['入库 Stored', p.storage ? `${when(p.storage.at)} ${who(p.storage.by) ?? ''} ${p.storage.location ?? ''}`.trim() : null],
      [
        '发放 Dispatched',
        p.dispatch
          ? `${when(p.dispatch.at)} ${who(p.dispatch.by) ?? ''} → ${p.dispatch.department ? `${p.dispatch.department.code} ${p.dispatch.department.nameZh ?? ''}` : ''}`
          : null,
      ],
      ['科室接收 Received', p.receipt ? `${when(p.receipt.at)} ${who(p.receipt.by) ?? ''}` : null],
      ['使用 Used', p.use ? `${when(p.use.at)} ${who(p.use.by) ?? ''}` : null],
      ['患者 Patient', p.use ? String(p.use.patientId ?? '—') : null],
      ['手术 Operation', p.use ? String(p.use.operationId ?? '—') : null],
      ['问题报告 Problem reported', p.problem ? `${when(p.problem.at)} ${who(p.problem.by) ?? ''}` : null],
    ]),
  );

  return {
    titleZh: '包追溯记录',
    titleEn: 'Pack record',
    hospital: meta.hospital,
    period: p.pack.barcode ?? '',
    timezone: tz,
    landscape: false,
    sheets,
  };
}

/** A BI's reading in both languages. */
export function biResult(result: string, invalid: boolean): string {
  if (invalid) return '无效（阳性对照未生长） invalid (control did not grow)';
  return result === 'passed' ? '阴性 negative' : result === 'failed' ? '阳性 positive' : '待读 pending';
}
