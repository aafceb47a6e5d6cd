import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { needsBiBeforeRelease } from '../kernel/release-policy.js';
import type { LoadKind, LoadRelease, LoadStatus } from '../kernel/sterilizer-load.entity.js';

export interface RegisterRow {
  id: string;
  kind: LoadKind;
  cycle_no: number;
  sterilizer_id: string;
  status: LoadStatus;
  release: LoadRelease;
  sterilization_date: string | null;
  sterilizer_code: string;
  sterilizer_name_zh: string;
  sterilizer_name_en: string;
  method: SterilizationMethod;
  program_code: string | null;
  program_name_zh: string | null;
  program_name_en: string | null;
  opened_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  reported_cycle_started_at: Date | null;
  reported_cycle_ended_at: Date | null;
  temp_min_c: string | null;
  temp_max_c: string | null;
  pressure_min_kpa: string | null;
  pressure_max_kpa: string | null;
  hold_minutes: string | null;
  h2o2_mg_l: string | null;
  physical_passed: boolean | null;
  physical_problems: string[] | null;
  chemical_passed: boolean | null;
  contains_implant: boolean;
  empty_chamber: boolean;
  note: string | null;
  operator: string | null;
  unloaded_by: string | null;
  unload_checked_by: string | null;
  packs: number;
  loading_check: { passed: boolean; at: string; by: string; secondBy: string | null } | null;
  bd: { cycleNo: number | null; testedAt: string; passed: boolean; by: string } | null;
  bis: {
    lot: string;
    result: 'pending' | 'passed' | 'failed';
    readAt: string | null;
    recordedAt: string | null;
    by: string | null;
    invalid: boolean;
  }[];
  emergency: { at: string; reason: string; by: string } | null;
}

export interface Bilingual {
  zh: string;
  en: string;
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** Why a cycle was not released, in both languages (null when it was, and for a B-D cycle). */
export function notReleasedReason(r: RegisterRow): Bilingual | null {
  if (r.kind === 'bowie_dick' || (r.release === 'released' && r.status === 'completed')) return null;
  if (r.status === 'cancelled') return { zh: '已取消，未运行', en: 'cancelled, never ran' };
  if (r.status === 'open') return { zh: '装载中，尚未运行', en: 'being loaded, not run yet' };
  if (r.status === 'running') return { zh: '运行中', en: 'running' };
  const zh: string[] = [];
  const en: string[] = [];
  if (r.physical_passed === false) {
    zh.push('物理监测不合格');
    en.push('physical record out of limits');
  }
  if (r.chemical_passed === false) {
    zh.push('化学监测不合格');
    en.push('load chemical indicator failed');
  }
  if (r.bis.some((b) => b.result === 'failed')) {
    zh.push('生物监测阳性');
    en.push('biological indicator positive');
  }
  if (r.release === 'awaiting_bi') {
    if (r.bis.some((b) => b.invalid)) {
      zh.push('阳性对照未生长，生物监测结果无效，等待新的生物监测');
      en.push('a positive control did not grow: the BI reading proves nothing, waiting for a BI that counts');
    } else {
      zh.push('等待生物监测结果');
      en.push('waiting for its biological indicator');
    }
  }
  if (zh.length === 0) {
    zh.push('不合格');
    en.push('failed');
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

/** Who released a released load, and when: the BI reading that released it, else the co-signed unloading. */
export function releasedBy(r: RegisterRow): { at: string; by: string[] } | null {
  if (r.kind === 'bowie_dick' || r.release !== 'released' || r.status !== 'completed') return null;
  if (needsBiBeforeRelease({ containsImplant: r.contains_implant, method: r.method }) && r.bis.length > 0) {
    const last = [...r.bis].sort((a, b) => (a.recordedAt ?? '').localeCompare(b.recordedAt ?? '')).at(-1)!;
    return { at: last.recordedAt!, by: last.by ? [last.by] : [] };
  }
  return { at: new Date(r.completed_at!).toISOString(), by: [r.unloaded_by, r.unload_checked_by].filter((n): n is string => !!n) };
}

/** One register line as the API answers it. */
export function registerLine(r: RegisterRow) {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: r.id,
    kind: r.kind,
    cycleNo: r.cycle_no,
    sterilizationDate: r.sterilization_date,
    program: r.program_code ? { code: r.program_code, nameZh: r.program_name_zh!, nameEn: r.program_name_en! } : null,
    status: r.status,
    release: r.release,
    openedAt: iso(r.opened_at)!,
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    physical: {
      reportedCycleStartedAt: iso(r.reported_cycle_started_at),
      reportedCycleEndedAt: iso(r.reported_cycle_ended_at),
      tempMinC: num(r.temp_min_c),
      tempMaxC: num(r.temp_max_c),
      pressureMinKpa: num(r.pressure_min_kpa),
      pressureMaxKpa: num(r.pressure_max_kpa),
      holdMinutes: num(r.hold_minutes),
      h2o2MgL: num(r.h2o2_mg_l),
      passed: r.physical_passed,
      problems: r.physical_problems,
    },
    operator: r.operator,
    unloadedBy: r.unloaded_by,
    unloadCheckedBy: r.unload_checked_by,
    packs: r.packs,
    containsImplant: r.contains_implant,
    emptyChamber: r.empty_chamber,
    loadingCheck: r.loading_check,
    chemicalPassed: r.chemical_passed,
    bd: r.bd,
    bis: {
      total: r.bis.length,
      passed: r.bis.filter((b) => b.result === 'passed' && !b.invalid).length,
      failed: r.bis.filter((b) => b.result === 'failed').length,
      pending: r.bis.filter((b) => b.result === 'pending').length,
      invalid: r.bis.filter((b) => b.invalid).length,
      lots: [...new Set(r.bis.map((b) => b.lot))],
    },
    emergencyRelease: r.emergency,
    released: releasedBy(r),
    notReleased: notReleasedReason(r),
    note: r.note,
  };
}

export type RegisterLine = ReturnType<typeof registerLine>;

/** The rows (in sterilizer, cycle order) grouped per sterilizer. */
export function groupBySterilizer(rows: RegisterRow[]) {
  const groups: { sterilizer: { id: string; code: string; nameZh: string; nameEn: string; method: string }; cycles: RegisterLine[] }[] = [];
  for (const r of rows) {
    let g = groups.at(-1);
    if (!g || g.sterilizer.id !== r.sterilizer_id) {
      g = {
        sterilizer: {
          id: r.sterilizer_id,
          code: r.sterilizer_code,
          nameZh: r.sterilizer_name_zh,
          nameEn: r.sterilizer_name_en,
          method: r.method,
        },
        cycles: [],
      };
      groups.push(g);
    }
    g.cycles.push(registerLine(r));
  }
  return groups;
}
