import type { PackEventType } from '../kernel/pack-event-types.js';
import type { Disposition } from '../recall/recall-item.entity.js';
import type { RecallTrigger } from '../recall/recall.entity.js';

type Names = { zh: string; en: string };

/**
 * The names the printed records give a pack's steps, a recall's trigger and a pack's disposition:
 * the words the pages use (web/src/messages.ts `prov_ev_*`, `rc_trigger_*`, `rc_*`), so that a
 * printed record reads as the screen does (test/contract/record-names.spec.ts holds them equal).
 */
export const PACK_EVENT_NAMES: Record<PackEventType, Names> = {
  recycle: { zh: '回收', en: 'Recycled' },
  instrument_replaced: { zh: '补齐器械', en: 'Instrument replaced' },
  pack_short_approved: { zh: '护士长核准缺件包装', en: 'Head nurse approved packing short' },
  start_wash: { zh: '进入清洗消毒器', en: 'Into the washer' },
  wash_passed: { zh: '清洗合格', en: 'Washer cycle passed' },
  wash_failed: { zh: '清洗不合格', en: 'Washer cycle failed' },
  manual_clean: { zh: '手工清洗', en: 'Cleaned by hand' },
  manual_clean_failed: { zh: '手工清洗不合格', en: 'Manual clean failed' },
  inspection_failed: { zh: '检查不合格', en: 'Inspection failed' },
  pack: { zh: '检查包装', en: 'Inspected and packed' },
  load: { zh: '装载', en: 'Loaded' },
  unload_open: { zh: '移出未启动的锅', en: 'Taken out of an unstarted load' },
  start_sterilization: { zh: '开始灭菌', en: 'Sterilization started' },
  sterilization_failed: { zh: '灭菌失败', en: 'Sterilization failed' },
  unload_rejected: { zh: '卸载：不合格', en: 'Unloaded: rejected' },
  unload_quarantined: { zh: '卸载：待生物监测', en: 'Unloaded: quarantined' },
  unload_released: { zh: '卸载：放行', en: 'Unloaded: released' },
  release: { zh: '放行', en: 'Released' },
  release_withdrawn: {
    zh: '撤回放行（阳性对照未生长，生物监测结果无效）',
    en: 'Release withdrawn (positive control did not grow: BI reading invalid)',
  },
  store: { zh: '入无菌存放', en: 'Into sterile storage' },
  storage_rejected: { zh: '入库拒收', en: 'Refused at storage' },
  dispatch: { zh: '发放', en: 'Dispatched' },
  receive: { zh: '科室确认接收', en: 'Receipt confirmed' },
  use: { zh: '使用', en: 'Used on a patient' },
  use_not_recorded: { zh: '回收：未记录使用', en: 'Collected: no use recorded' },
  complete_use: { zh: '科室补录使用', en: 'Use recorded afterwards by the department' },
  complete_unused: { zh: '科室确认未使用', en: 'Stated not used by the department' },
  report_problem: { zh: '报告问题', en: 'Problem reported' },
  problem_after_use: { zh: '使用后报告问题', en: 'Problem reported after use' },
  return_unused: { zh: '未使用退回', en: 'Returned unused' },
  recall: { zh: '召回', en: 'Recalled' },
  recall_pulled: { zh: '召回：已从库中取出', en: 'Recall: pulled from storage' },
  recall_returned: { zh: '召回：科室已退回', en: 'Recall: returned' },
  incinerate: { zh: '焚烧', en: 'Incinerated' },
  return_to_lender: { zh: '归还厂家', en: 'Returned to the lender' },
  relabel: { zh: '重新贴标', en: 'Relabelled' },
  label_printed: { zh: '打印标签', en: 'Label printed' },
  label_reprinted: { zh: '补打标签', en: 'Label reprinted' },
  collected_elsewhere: { zh: '从非发往科室回收', en: 'Collected from another department' },
  expiry_shortened: { zh: '有效期缩短（无菌存放环境超标）', en: 'Expiry shortened (sterile storage out of its limits)' },
};

export const RECALL_TRIGGER_NAMES: Record<RecallTrigger, Names> = {
  bi_failed: { zh: '生物监测阳性', en: 'Positive BI' },
  chemical_failed: { zh: '化学监测不合格', en: 'Chemical indicator failed' },
  physical_failed: { zh: '物理监测不合格', en: 'Physical record failed' },
  infection_cluster: { zh: '感染聚集', en: 'Infection cluster' },
  manual: { zh: '手动召回', en: 'Manual' },
};

export const DISPOSITION_NAMES: Record<Disposition, Names> = {
  not_found: { zh: '未找到', en: 'Not found' },
  pulled: { zh: '已撤回', en: 'Pulled' },
  returned: { zh: '已退回', en: 'Returned' },
  used: { zh: '已使用（需随访）', en: 'Used (follow up)' },
  use_not_recorded: { zh: '未记录使用（询问科室）', en: 'Use not recorded (ask the department)' },
  out_of_circulation: { zh: '已不在流通', en: 'Out of circulation' },
};

/** Both names in one cell, as the printed registers write them: 已撤回 Pulled. */
export const both = (n: Names): string => `${n.zh} ${n.en}`;
