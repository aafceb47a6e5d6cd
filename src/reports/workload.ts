import { TZDate } from '@date-fns/tz';
import type { PackEventType } from '../kernel/pack-event-types.js';

/**
 * The CSSD's zones (§3.2) and the pack steps whose work counts for each: one pack through one
 * step by one person is one unit of work (件次). Receipt and use are the departments' steps,
 * labels and recalls are not zone work: they are not counted.
 */
export const WORK_STAGES = [
  { stage: 'recycling', nameZh: '回收', nameEn: 'Collection', types: ['recycle'] },
  {
    stage: 'cleaning',
    nameZh: '清洗消毒',
    nameEn: 'Cleaning and disinfection',
    types: ['start_wash', 'manual_clean', 'manual_clean_failed'],
  },
  { stage: 'packing', nameZh: '检查包装', nameEn: 'Inspection and packing', types: ['pack', 'inspection_failed'] },
  {
    stage: 'sterilization',
    nameZh: '灭菌',
    nameEn: 'Sterilization',
    types: ['load', 'start_sterilization', 'unload_released', 'unload_quarantined', 'unload_rejected', 'release'],
  },
  { stage: 'storage', nameZh: '无菌物品存放', nameEn: 'Sterile storage', types: ['store', 'storage_rejected'] },
  { stage: 'dispatch', nameZh: '发放', nameEn: 'Dispatch', types: ['dispatch'] },
] as const satisfies readonly { stage: string; nameZh: string; nameEn: string; types: readonly PackEventType[] }[];

export type WorkStage = (typeof WORK_STAGES)[number]['stage'];

/** The event types counted, and the stage each belongs to. */
export const STAGE_OF_TYPE: ReadonlyMap<string, WorkStage> = new Map(WORK_STAGES.flatMap((s) => s.types.map((t) => [t, s.stage] as const)));

/** A calendar month (YYYY-MM) in the hospital's time zone as the instants [from, to). */
export function monthRange(month: string, timezone: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return { from: new Date(new TZDate(y, m - 1, 1, timezone).getTime()), to: new Date(new TZDate(y, m, 1, timezone).getTime()) };
}

export interface WorkCount {
  actorId: string;
  /** An event type, or CO_SIGNED for the events this person co-signed as second person (§5). */
  kind: string;
  n: number;
}
export const CO_SIGNED = 'co_signed';

export interface PersonWork {
  user: { id: string; username: string; displayName: string; role: string } | null;
  total: number;
  byStage: Record<WorkStage, number>;
  coSigned: number;
}

const zeroStages = (): Record<WorkStage, number> => Object.fromEntries(WORK_STAGES.map((s) => [s.stage, 0])) as Record<WorkStage, number>;

/** Sums the per-person, per-type counts into stages: totals per stage and one line per person, busiest first. */
export function summarizeWork(counts: WorkCount[], users: Map<string, NonNullable<PersonWork['user']>>) {
  const stageTotals = zeroStages();
  const people = new Map<string, PersonWork>();
  const line = (id: string) => {
    let p = people.get(id);
    if (!p) people.set(id, (p = { user: users.get(id) ?? null, total: 0, byStage: zeroStages(), coSigned: 0 }));
    return p;
  };
  for (const c of counts) {
    if (c.kind === CO_SIGNED) {
      line(c.actorId).coSigned += c.n;
      continue;
    }
    const stage = STAGE_OF_TYPE.get(c.kind);
    if (!stage) continue;
    const p = line(c.actorId);
    p.byStage[stage] += c.n;
    p.total += c.n;
    stageTotals[stage] += c.n;
  }
  return {
    stages: WORK_STAGES.map(({ stage, nameZh, nameEn }) => ({ stage, nameZh, nameEn, count: stageTotals[stage] })),
    total: Object.values(stageTotals).reduce((a, b) => a + b, 0),
    people: [...people.values()].sort(
      (a, b) => b.total - a.total || b.coSigned - a.coSigned || (a.user?.username ?? '').localeCompare(b.user?.username ?? ''),
    ),
  };
}

type WorkSummary = ReturnType<typeof summarizeWork> & { month: string };

/** One person's line in the exports: who, the steps per zone, the total, the co-signatures. */
export function personLine(p: PersonWork): (string | number)[] {
  return [
    p.user?.username ?? '—',
    p.user?.displayName ?? '—',
    p.user?.role ?? '—',
    ...WORK_STAGES.map((s) => p.byStage[s.stage]),
    p.total,
    p.coSigned,
  ];
}

/** One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is neutralised (no formulas in Excel). */
function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV for a spreadsheet: a UTF-8 byte order mark (so Excel reads the Chinese),
 * bilingual headers, one line per person and a totals line.
 */
export function workloadCsv(r: WorkSummary): string {
  const header = [
    '工号 Username',
    '姓名 Name',
    '角色 Role',
    ...WORK_STAGES.map((s) => `${s.nameZh} ${s.nameEn}`),
    '合计 Total',
    '双人核对 Co-signed',
  ];
  const lines = r.people.map(personLine);
  const totals = ['合计 Total', r.month, '', ...r.stages.map((s) => s.count), r.total, r.people.reduce((a, p) => a + p.coSigned, 0)];
  return '\uFEFF' + [header, ...lines, totals].map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}
