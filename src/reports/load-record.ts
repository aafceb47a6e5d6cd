import { METHOD_NAMES } from '../catalog/packaging-compatibility.js';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { STATE_LABELS, type PackState } from '../kernel/pack-state.js';
import { LOAD_RELEASE_NAMES, LOAD_STATUS_NAMES } from '../kernel/sterilizer-load.entity.js';
import { biResult } from './pack-record.js';
import { particulars, type SterilizerRow } from './recall-report.js';
import { both } from './record-names.js';
import { registerDocument } from './register-export.js';
import {
  calendarDay,
  formatWallClock,
  passFail,
  periodLabel,
  type ReportColumn,
  type ReportDocument,
  type ReportSheet,
} from './report-table.js';
import { groupBySterilizer, registerLine, type RegisterRow } from './sterilization-register.js';

/** A biological indicator as REPORTS_SQL's BI_LINE reads it. */
export interface BiLineRow {
  id: string;
  cycle_no: number;
  empty_chamber: boolean;
  lot: string;
  product_code: string | null;
  product_name_zh: string | null;
  product_name_en: string | null;
  placed_at: Date;
  placed_by: string;
  pcd_type5_passed: boolean | null;
  result: 'pending' | 'passed' | 'failed';
  read_at: Date | null;
  result_recorded_at: Date | null;
  read_by: string | null;
  control_grew: boolean | null;
  invalid: boolean;
}

export interface LoadPackRow {
  barcode: string | null;
  template_code: string;
  name_zh: string;
  name_en: string;
  implant: boolean;
  state: PackState;
  asset_code: string | null;
  department_code: string | null;
  department_name_zh: string | null;
}

export interface BdTestRow {
  test_date: string | Date;
  tested_at: Date;
  cycle_no: number | null;
  passed: boolean;
  operator: string;
  note: string | null;
}

const text = (zh: string, en: string, width: number): ReportColumn => ({ zh, en, kind: 'text', width });
const time = (zh: string, en: string): ReportColumn => ({ zh, en, kind: 'datetime', width: 14 });

/** The BIs as one table (a sterilizer's record adds the cycle each was in). */
function biSheet(bis: BiLineRow[], withCycle: boolean): ReportSheet {
  return {
    nameZh: '生物监测',
    nameEn: 'Biological indicators',
    columns: [
      ...(withCycle ? [{ zh: '锅次', en: 'Cycle', kind: 'int', width: 5 } as ReportColumn] : []),
      text('批号', 'Lot', 10),
      text('产品', 'Product', 12),
      time('放置时间', 'Placed'),
      text('放置人', 'Placed by', 9),
      text('PCD 第5类', 'PCD type 5', 8),
      text('结果', 'Result', 12),
      time('读取时间', 'Read'),
      time('记录时间', 'Recorded'),
      text('读取人', 'Read by', 9),
      text('阳性对照', 'Positive control', 9),
    ],
    rows: bis.map((b) => [
      ...(withCycle ? [b.cycle_no] : []),
      b.lot + (b.empty_chamber ? '（空载 empty）' : ''),
      b.product_code ? `${b.product_code} ${b.product_name_zh}` : '—',
      b.placed_at,
      b.placed_by,
      passFail(b.pcd_type5_passed),
      biResult(b.result, b.invalid),
      b.read_at,
      b.result_recorded_at,
      b.read_by,
      b.control_grew === null ? '—' : b.control_grew ? '生长 grew' : '未生长 did not grow',
    ]),
  };
}

/**
 * 灭菌锅次记录 — the printable record of one load (issue 15): the sterilizer, program and cycle as
 * they ran, its times and physical parameters, its loading check, chemical, B-D and BI results,
 * who released it (or why it was not), and every pack it held with where that pack is now.
 */
export function loadRecordDocument(
  row: RegisterRow,
  packs: LoadPackRow[],
  bis: BiLineRow[],
  meta: { hospital: string; timezone: string },
): ReportDocument {
  const tz = meta.timezone;
  const when = (d: Date | string | null) => (d ? formatWallClock(new Date(d), tz) : null);
  const l = registerLine(row);
  const ph = l.physical;
  const range = (min: number | null, max: number | null) => (max === null ? null : `${min ?? '—'} – ${max}`);
  const sheets: ReportSheet[] = [
    particulars('锅次信息', 'Load', [
      ['灭菌器 Sterilizer', `${row.sterilizer_code} ${row.sterilizer_name_zh} ${row.sterilizer_name_en}`],
      ['灭菌方式 Method', both(METHOD_NAMES[row.method as SterilizationMethod])],
      ['锅次 Cycle', l.cycleNo],
      [
        '程序 Program',
        l.kind === 'bowie_dick' ? 'B-D 试验 B-D test' : l.program ? `${l.program.code} ${l.program.nameZh} ${l.program.nameEn}` : null,
      ],
      ['空载 Empty chamber', l.emptyChamber ? '是 yes' : null],
      ['含植入物 Holds implants', l.containsImplant ? '是 yes' : '否 no'],
      ['灭菌日期 Sterilization date', calendarDay(l.sterilizationDate)],
      ['状态 Status', both(LOAD_STATUS_NAMES[row.status])],
      ['放行 Release', both(LOAD_RELEASE_NAMES[row.release])],
      ['开锅 Opened', when(l.openedAt)],
      ['开始 Started', when(l.startedAt)],
      ['卸载 Unloaded', when(l.completedAt)],
      [
        '设备记录的周期 Cycle as the sterilizer reported it',
        ph.reportedCycleStartedAt ? `${when(ph.reportedCycleStartedAt)} — ${when(ph.reportedCycleEndedAt)}` : null,
      ],
      ['温度 ℃ Temperature °C', range(ph.tempMinC, ph.tempMaxC)],
      ['压力 kPa Pressure kPa', range(ph.pressureMinKpa, ph.pressureMaxKpa)],
      ['维持时间 分钟 Hold min', ph.holdMinutes],
      ['过氧化氢 mg/L H2O2 mg/L', ph.h2o2MgL],
      [
        '物理监测 Physical',
        l.kind === 'bowie_dick' ? null : `${passFail(ph.passed)}${ph.problems?.length ? `: ${ph.problems.join('; ')}` : ''}`,
      ],
      ['操作员 Operator', l.operator],
      ['卸载人 / 复核人 Unloaded / co-signed by', [l.unloadedBy, l.unloadCheckedBy].filter(Boolean).join(' / ') || null],
      [
        '装载核查 Loading check',
        l.loadingCheck
          ? `${passFail(l.loadingCheck.passed)} ${when(l.loadingCheck.at)} ${[l.loadingCheck.by, l.loadingCheck.secondBy].filter(Boolean).join(' / ')}`
          : null,
      ],
      ['批量化学监测 Load chemical indicator', l.kind === 'bowie_dick' ? null : passFail(l.chemicalPassed)],
      [
        'B-D 试验 B-D test',
        l.bd ? `${passFail(l.bd.passed)}${l.bd.cycleNo !== null ? ` #${l.bd.cycleNo}` : ''} ${when(l.bd.testedAt)} ${l.bd.by}` : null,
      ],
      ['生物监测 BIs', bis.length ? bis.map((b) => biResult(b.result, b.invalid)).join('; ') : null],
      [
        '紧急放行 Emergency release',
        l.emergencyRelease ? `${when(l.emergencyRelease.at)} ${l.emergencyRelease.by}: ${l.emergencyRelease.reason}` : null,
      ],
      ['放行人 Released by', l.released ? `${l.released.by.join(' / ')} ${when(l.released.at)}` : null],
      ['未放行原因 Not released because', l.notReleased ? `${l.notReleased.zh} ${l.notReleased.en}` : null],
      ['包数 Packs', l.packs],
      ['备注 Note', l.note],
    ]),
    biSheet(bis, false),
    {
      nameZh: '锅内物品',
      nameEn: 'Packs in the load',
      columns: [
        text('包条码', 'Pack', 12),
        text('器械包', 'Set', 18),
        text('器械包编号', 'Asset code', 10),
        text('植入物', 'Implant', 6),
        text('当前状态', 'State now', 14),
        text('科室', 'Department', 12),
      ],
      rows: packs.map((p) => [
        p.barcode,
        `${p.template_code} ${p.name_zh}`,
        p.asset_code,
        p.implant ? '是 yes' : '',
        both(STATE_LABELS[p.state]),
        p.department_code ? `${p.department_code} ${p.department_name_zh}` : '',
      ]),
    },
  ];
  return {
    titleZh: '灭菌锅次记录',
    titleEn: 'Load record',
    hospital: meta.hospital,
    period: `${row.sterilizer_code} #${row.cycle_no}`,
    timezone: tz,
    landscape: false,
    sheets,
  };
}

/**
 * 灭菌器记录 — one sterilizer over a period (issue 15): its register (every cycle, with its
 * results and who released it), its B-D tests and its biological indicators, each with its reading.
 */
export function sterilizerRecordDocument(
  sterilizer: SterilizerRow,
  period: { fromDate: string; toDate: string },
  rows: RegisterRow[],
  bdTests: BdTestRow[],
  bis: BiLineRow[],
  meta: { hospital: string; timezone: string },
): ReportDocument {
  const tz = meta.timezone;
  const label = periodLabel(period.fromDate, period.toDate);
  const loads = rows.filter((r) => r.kind === 'load');
  const register = registerDocument(groupBySterilizer(rows), { hospital: meta.hospital, period: label, timezone: tz }).sheets[0];
  const sheets: ReportSheet[] = [
    particulars('灭菌器', 'Sterilizer', [
      ['灭菌器 Sterilizer', `${sterilizer.code} ${sterilizer.name_zh} ${sterilizer.name_en}`],
      ['灭菌方式 Method', both(METHOD_NAMES[sterilizer.type as SterilizationMethod])],
      ['期间 Period', `${label}（${tz}）`],
      ['锅次 Loads', loads.length],
      ['失败或取消 Failed or cancelled', loads.filter((r) => r.status === 'failed' || r.status === 'cancelled').length],
      ['B-D 试验 B-D tests', bdTests.length],
      ['B-D 不合格 B-D failed', bdTests.filter((d) => !d.passed).length],
      ['生物监测 BIs', bis.length],
      ['生物监测阳性 BIs positive', bis.filter((b) => b.result === 'failed').length],
      ['生物监测待读 BIs pending', bis.filter((b) => b.result === 'pending').length],
    ]),
    register,
    {
      nameZh: 'B-D 试验',
      nameEn: 'Bowie-Dick tests',
      columns: [
        { zh: '日期', en: 'Date', kind: 'date', width: 10 },
        time('试验时间', 'Tested at'),
        { zh: '锅次', en: 'Cycle', kind: 'int', width: 5 },
        text('结果', 'Result', 10),
        text('操作员', 'Operator', 10),
        text('备注', 'Note', 20),
      ],
      rows: bdTests.map((d) => [calendarDay(d.test_date), d.tested_at, d.cycle_no, passFail(d.passed), d.operator, d.note]),
    },
    biSheet(bis, true),
  ];
  return {
    titleZh: '灭菌器记录',
    titleEn: 'Sterilizer record',
    hospital: meta.hospital,
    period: `${sterilizer.code}  ${label}`,
    timezone: tz,
    landscape: true,
    sheets,
  };
}
