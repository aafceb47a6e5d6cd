/**
 * What the archival command says, in both languages (zh-CN first). It is an operator's command,
 * not an API route: its refusals are exit codes with these messages, not HTTP errors (so they are
 * not in src/errors.ts).
 */
export interface Said {
  zh: string;
  en: string;
}

type Params = Record<string, string | number | null | undefined>;
const fill = (text: string, p: Params) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));
const say = (m: Said, p: Params = {}): Said => ({ zh: fill(m.zh, p), en: fill(m.en, p) });

/** Exit codes: 0 done (or only planned), 1 the run failed and removed nothing, 2 refused as asked, 3 refused: records before the cut-off are still needed. */
export const EXIT = { ok: 0, failed: 1, refused: 2, blocked: 3, config: 78 } as const;

export const REFUSALS = {
  ARCHIVE_USAGE: {
    zh: '用法：npm run archive -- --before YYYY-MM-DD --kind cleaning|sterilization --out <目录> [--dry-run] [--confirm] [--keep-blocked] [--by <姓名>]；或 --verify <目录>（{problem}）',
    en: 'usage: npm run archive -- --before YYYY-MM-DD --kind cleaning|sterilization --out <dir> [--dry-run] [--confirm] [--keep-blocked] [--by <name>]; or --verify <dir> ({problem})',
  },
  ARCHIVE_DATE_INVALID: { zh: '截止日期 {before} 不是有效日期（格式 YYYY-MM-DD）', en: 'The cut-off {before} is not a date (YYYY-MM-DD)' },
  ARCHIVE_CUT_OFF_TOO_RECENT: {
    zh: '拒绝归档：{kindZh}至少保存 {months} 个月。今天是 {today}（医院时区 {timezone}），截止日期最晚为 {latest}，不能是 {before}',
    en: 'Refused: {kindEn} are kept at least {months} months. Today is {today} ({timezone}): the cut-off may be {latest} at the latest, not {before}',
  },
  ARCHIVE_OUT_NOT_EMPTY: {
    zh: '导出目录 {out} 已存在且不为空：请指定一个新的目录',
    en: 'The export directory {out} exists and is not empty: give a new one',
  },
  ARCHIVE_NOT_SEALED: {
    zh: '防篡改记录未能封存（仍有运行超过 {seconds} 秒的事务）：未删除任何记录，请稍后再试',
    en: 'The tamper-evident record could not be sealed (a transaction older than {seconds} s is still running): nothing was removed, try again later',
  },
  ARCHIVE_TALLIES_BEHIND: {
    zh: '报表的日统计尚未包含待归档的包流转记录（{reasonZh}）：未删除任何记录，否则这些记录将从报表的统计中消失。请稍后再试，或按 README“报表的日统计”重建统计后再归档',
    en: "The reports' day tallies do not hold the pack events to be archived yet ({reasonEn}): nothing was removed, else they would leave the reports' counts. Try again later, or rebuild the tallies (README, \"the reports' day tallies\") and archive then",
  },
  ARCHIVE_BLOCKED: {
    zh: '拒绝归档：截止日期前有 {count} 条记录仍被较新的记录需要（见下）；未删除任何记录。请选更早的截止日期，或加 --keep-blocked 只归档其余记录',
    en: 'Refused: {count} record(s) before the cut-off are still needed by younger ones (below); nothing was removed. Choose an earlier cut-off, or add --keep-blocked to archive the rest and keep these',
  },
  ARCHIVE_UNSEALED_ROWS: {
    zh: '{table} 有 {count} 行不在防篡改记录中（未封存或已被改动）：未删除任何记录，请先运行 npm run audit:verify',
    en: '{table} has {count} row(s) the tamper-evident record does not hold (not sealed, or changed): nothing was removed; run npm run audit:verify first',
  },
  ARCHIVE_EXPORT_CHECK_FAILED: {
    zh: '导出文件核对失败：{problem}；未删除任何记录',
    en: 'The export did not check out: {problem}; nothing was removed',
  },
  ARCHIVE_REMOVAL_MISMATCH: {
    zh: '{table} 删除了 {removed} 行，计划为 {planned} 行：已全部撤销，未删除任何记录',
    en: '{table}: {removed} row(s) removed where {planned} were planned: all undone, nothing was removed',
  },
  ARCHIVE_VERIFY_UNKNOWN_RUN: {
    zh: '{dir} 的清单不对应任何归档记录（{runId}）',
    en: 'The manifest in {dir} names no archival this database recorded ({runId})',
  },
} as const satisfies Record<string, Said>;
export type RefusalCode = keyof typeof REFUSALS;

export const refusal = (code: RefusalCode, p: Params = {}): Said => say(REFUSALS[code], p);

export const KIND_NAMES: Record<string, Said> = {
  cleaning: { zh: '清洗消毒记录', en: 'cleaning records' },
  sterilization: { zh: '灭菌记录', en: 'sterilization records' },
};

/** Why a record before the cut-off is kept (the codes the plan's blocking statements return). */
export const BLOCK_REASONS: Record<string, Said> = {
  cycle_open: { zh: '清洗批次尚未完成', en: 'the washer cycle is still open' },
  recorded_after: { zh: '截止日期当天或之后仍有它的记录', en: 'it has records on or after the cut-off' },
  newest_cycle: { zh: '该清洗机的最新批次（下一批次号由它而来）', en: "the washer's newest cycle (the next cycle number follows it)" },
  pack_not_ended: {
    zh: '包 {subject} 未在截止日期前结束使用（现为 {state}）',
    en: 'pack {subject} had not ended its life before the cut-off (now {state})',
  },
  pack_in_open_recall: { zh: '包 {subject} 在尚未关闭的召回中', en: 'pack {subject} is in a recall still open' },
  load_open: { zh: '灭菌批次尚未完成（{state}）', en: 'the load is still {state}' },
  load_not_released: { zh: '灭菌批次尚未放行（{state}）', en: 'the load is not released ({state})' },
  bi_pending: { zh: '该批次的生物监测结果未出', en: 'a biological indicator of the load is still pending' },
  in_recall: { zh: '召回 {subject}（{state}）涉及它', en: 'recall {subject} ({state}) names it' },
  in_problem_report: { zh: '问题报告 {subject} 涉及它', en: 'problem report {subject} names it' },
  // A loaner tray's handover back to its lender (issue 16) names the pack it went back as: kept for good, as recalls are.
  in_loaner_return: { zh: '外来器械 {subject} 的归还记录涉及它', en: 'the return of loaner tray {subject} to its lender names it' },
  newest_load: { zh: '该灭菌器的最新批次（下一批次号由它而来）', en: "the sterilizer's newest load (the next cycle number follows it)" },
  pack_kept: { zh: '批次中的包 {subject} 保留（{state}）', en: 'its pack {subject} is kept ({state})' },
  load_kept: { zh: '它所在的灭菌批次 {subject} 保留', en: 'its load {subject} is kept' },
  replaces_kept: { zh: '它所替换的包 {subject} 保留（{state}）', en: 'the pack it replaced, {subject}, is kept ({state})' },
};

export function blockReason(reason: string, subject: string | null, state: string | null): Said {
  return say(BLOCK_REASONS[reason] ?? { zh: reason, en: reason }, { subject, state });
}

/** The tables as a nurse reads them. */
export const TABLE_NAMES: Record<string, Said> = {
  washer_cycles: { zh: '清洗批次', en: 'washer cycles' },
  pack_events: { zh: '包的流转记录', en: 'pack events' },
  'packs.washer_cycle_id': { zh: '包指向清洗批次的引用（清除）', en: "packs' pointers to the washer cycle (cleared)" },
  sterilizer_loads: { zh: '灭菌批次（含 B-D 运行）', en: 'sterilizer loads (and B-D runs)' },
  load_items: { zh: '装载记录', en: 'load items' },
  load_checks: { zh: '装载核查', en: 'loading checks' },
  bi_tests: { zh: '生物监测', en: 'biological indicators' },
  bd_tests: { zh: 'B-D 测试', en: 'Bowie-Dick tests' },
  emergency_releases: { zh: '紧急放行', en: 'emergency releases' },
  voided_labels: { zh: '作废标签', en: 'voided labels' },
  packs: { zh: '包', en: 'packs' },
  round_items: { zh: '交接单上的包', en: 'packs on handover manifests' },
  requisition_fulfilments: { zh: '计入申领单的包', en: 'packs counted against requisitions' },
};

export const tableName = (t: string): Said => TABLE_NAMES[t] ?? { zh: t, en: t };
