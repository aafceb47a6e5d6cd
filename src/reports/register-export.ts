import type { RegisterLine } from './sterilization-register.js';
import { passFail, type ReportColumn, type ReportDocument, type ReportSheet } from './report-table.js';

type Group = { sterilizer: { code: string; nameZh: string; nameEn: string }; cycles: RegisterLine[] };

const COLUMNS: ReportColumn[] = [
  { zh: '灭菌器', en: 'Sterilizer', kind: 'text', width: 20 },
  { zh: '锅次', en: 'Cycle', kind: 'int', width: 5 },
  { zh: '程序', en: 'Program', kind: 'text', width: 12 },
  { zh: '开始时间', en: 'Start', kind: 'datetime', width: 14 },
  { zh: '结束时间', en: 'End', kind: 'datetime', width: 14 },
  { zh: '最低温度 ℃', en: 'Temp min °C', kind: 'decimal', width: 7 },
  { zh: '最高温度 ℃', en: 'Temp max °C', kind: 'decimal', width: 7 },
  { zh: '最低压力 kPa', en: 'Pressure min kPa', kind: 'decimal', width: 8 },
  { zh: '最高压力 kPa', en: 'Pressure max kPa', kind: 'decimal', width: 8 },
  { zh: '维持时间 分钟', en: 'Hold min', kind: 'decimal', width: 6 },
  { zh: '物理监测', en: 'Physical', kind: 'text', width: 8 },
  { zh: '操作员', en: 'Operator', kind: 'text', width: 10 },
  { zh: '装载核查', en: 'Loading check', kind: 'text', width: 12 },
  { zh: '包数', en: 'Packs', kind: 'int', width: 5 },
  { zh: '化学监测', en: 'Chemical', kind: 'text', width: 8 },
  { zh: 'B-D 试验', en: 'B-D test', kind: 'text', width: 9 },
  { zh: '生物监测', en: 'Biological', kind: 'text', width: 11 },
  { zh: '放行人', en: 'Released by', kind: 'text', width: 12 },
  { zh: '放行时间', en: 'Released at', kind: 'datetime', width: 14 },
  { zh: '未放行原因', en: 'Not released because', kind: 'text', width: 18 },
];

function bdText(c: RegisterLine): string {
  if (!c.bd) return c.kind === 'bowie_dick' ? '—' : '无 none';
  return `${passFail(c.bd.passed)}${c.bd.cycleNo !== null ? ` #${c.bd.cycleNo}` : ''}`;
}

function biText(c: RegisterLine): string {
  const b = c.bis;
  if (b.total === 0) return '—';
  const parts = [
    b.passed ? `阴性 negative ${b.passed}` : '',
    b.failed ? `阳性 positive ${b.failed}` : '',
    b.pending ? `待读 pending ${b.pending}` : '',
    b.invalid ? `无效 invalid ${b.invalid}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function checkText(c: RegisterLine): string {
  if (!c.loadingCheck) return '—';
  return `${passFail(c.loadingCheck.passed)} ${[c.loadingCheck.by, c.loadingCheck.secondBy].filter(Boolean).join(' / ')}`;
}

/** The register as the exports write it: one sheet, one line per cycle, sterilizer by sterilizer. */
export function registerDocument(groups: Group[], meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>): ReportDocument {
  const rows = groups.flatMap((g) =>
    g.cycles.map((c) => [
      `${g.sterilizer.code} ${g.sterilizer.nameZh}`,
      c.cycleNo,
      c.kind === 'bowie_dick'
        ? 'B-D 试验 B-D test'
        : (c.program?.nameZh ?? c.program?.code ?? '—') + (c.emptyChamber ? '（空载 empty）' : ''),
      c.startedAt ? new Date(c.startedAt) : null,
      c.completedAt ? new Date(c.completedAt) : null,
      c.physical.tempMinC,
      c.physical.tempMaxC,
      c.physical.pressureMinKpa,
      c.physical.pressureMaxKpa,
      c.physical.holdMinutes,
      c.kind === 'bowie_dick' ? '—' : passFail(c.physical.passed),
      c.operator,
      checkText(c),
      c.packs,
      c.kind === 'bowie_dick' ? '—' : passFail(c.chemicalPassed),
      bdText(c),
      biText(c),
      c.released ? c.released.by.join(' / ') : '',
      c.released ? new Date(c.released.at) : null,
      c.notReleased ? `${c.notReleased.zh} ${c.notReleased.en}` : '',
    ]),
  );
  const sheet: ReportSheet = { nameZh: '灭菌登记', nameEn: 'Sterilization register', columns: COLUMNS, rows };
  return { titleZh: '灭菌登记', titleEn: 'Sterilization register', landscape: true, sheets: [sheet], ...meta };
}
