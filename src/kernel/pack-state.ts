import { DomainError } from '../common/errors/domain-error.js';

/**
 * The pack state machine (§3.2) — the only place that decides which step may follow which.
 * A pack is one processing cycle of one set (or one dressing pack); it gets its barcode at
 * packing. Every stage asks `nextState` and never writes a state itself.
 */
export const PACK_STATES = [
  'collected', // 回收，待清洗 — in decontamination, waiting for cleaning
  'washing', // 清洗中 — in a washer-disinfector cycle
  'cleaned', // 清洗完成 — waiting for inspection and packing
  'packed', // 已包装 — labelled, waiting for a sterilizer load
  'loaded', // 已装载 — in an open (not started) load
  'sterilizing', // 灭菌中 — its load is running
  'quarantined', // 待放行 — unloaded, waiting for release (implant waiting for its BI)
  'released', // 已放行 — sterile and released, not yet in storage
  'stored', // 无菌存放 — in sterile storage
  'dispatched', // 已发放 — on its way to / at a department, receipt not confirmed
  'received', // 科室已接收
  'used', // 已使用 — used on a patient (closed)
  // 回收时未记录使用 — came back to the CSSD with neither a recorded use nor an explicit "unused"
  // (closed for the set, which starts its next cycle; open for its department, which completes it).
  'use_unrecorded',
  'returned', // 退回 — came back unused and went to decontamination (closed)
  'failed', // 不合格 — failed sterilization or unloading checks (closed; the set is reprocessed)
  'problem', // 问题包 — a department reported a problem (closed; linked to its load)
  'recalled', // 已召回 (closed)
  'incinerated', // 已焚烧 — prion-contaminated single-use item (closed)
  'lender_returned', // 已归还厂家 — a loaner tray handed back to its lender (closed; its set is deactivated)
] as const;
export type PackState = (typeof PACK_STATES)[number];

export const PACK_ACTIONS = {
  start_wash: { from: ['collected'], to: 'washing' },
  wash_passed: { from: ['washing'], to: 'cleaned' },
  wash_failed: { from: ['washing'], to: 'collected' },
  manual_clean: { from: ['collected'], to: 'cleaned' },
  // A failed manual clean sends the set back to waiting for cleaning, as a failed washer run does.
  manual_clean_failed: { from: ['collected'], to: 'collected' },
  inspection_failed: { from: ['cleaned'], to: 'collected' },
  pack: { from: ['cleaned'], to: 'packed' },
  load: { from: ['packed'], to: 'loaded' },
  unload_open: { from: ['loaded'], to: 'packed' },
  start_sterilization: { from: ['loaded'], to: 'sterilizing' },
  sterilization_failed: { from: ['sterilizing'], to: 'failed' },
  unload_rejected: { from: ['sterilizing'], to: 'failed' },
  unload_quarantined: { from: ['sterilizing'], to: 'quarantined' },
  unload_released: { from: ['sterilizing'], to: 'released' },
  release: { from: ['quarantined'], to: 'released' },
  // Issue 18: the BI reading that released it proved nothing (its positive control did not grow).
  release_withdrawn: { from: ['released', 'stored'], to: 'quarantined' },
  store: { from: ['released'], to: 'stored' },
  storage_rejected: { from: ['released'], to: 'failed' },
  dispatch: { from: ['stored'], to: 'dispatched' },
  receive: { from: ['dispatched'], to: 'received' },
  use: { from: ['dispatched', 'received'], to: 'used' },
  // Issue 18: collected from the ward with no use recorded and no "unused" — never assumed used.
  use_not_recorded: { from: ['dispatched', 'received'], to: 'use_unrecorded' },
  // Its department completes it afterwards: the patient / operation it was used on, or "not used".
  complete_use: { from: ['use_unrecorded'], to: 'used' },
  complete_unused: { from: ['use_unrecorded'], to: 'returned' },
  report_problem: { from: ['dispatched', 'received'], to: 'problem' },
  // §2: an unused pack that comes back goes to decontamination, never back to storage.
  return_unused: { from: ['stored', 'dispatched', 'received'], to: 'returned' },
  // §4.4: wherever it is, a pack in scope is taken out of circulation.
  recall: { from: ['sterilizing', 'quarantined', 'released', 'stored', 'dispatched', 'received'], to: 'recalled' },
  incinerate: { from: ['dispatched', 'received', 'used', 'returned', 'stored'], to: 'incinerated' },
  // Issue 16: a loaner tray goes back to its lender cleaned after its use, or sterile and unused
  // (the operation cancelled) — never dirty, never from a department.
  return_to_lender: { from: ['cleaned', 'stored'], to: 'lender_returned' },
} as const satisfies Record<string, { from: readonly PackState[]; to: PackState }>;
export type PackAction = keyof typeof PACK_ACTIONS;

/** Closed packs: their cycle is over; the set (if any) may start a new cycle at recycling. */
export const CLOSED_STATES: readonly PackState[] = [
  'used',
  'use_unrecorded',
  'returned',
  'failed',
  'problem',
  'recalled',
  'incinerated',
  'lender_returned',
];

/** State names as a nurse reads them, for messages. */
export const STATE_LABELS: Record<PackState, { zh: string; en: string }> = {
  collected: { zh: '已回收待清洗', en: 'collected, waiting for cleaning' },
  washing: { zh: '清洗中', en: 'in a washer' },
  cleaned: { zh: '已清洗待包装', en: 'cleaned, waiting for packing' },
  packed: { zh: '已包装待灭菌', en: 'packed, waiting for sterilization' },
  loaded: { zh: '已装载', en: 'in a sterilizer load' },
  sterilizing: { zh: '灭菌中', en: 'being sterilized' },
  quarantined: { zh: '待放行', en: 'waiting for release' },
  released: { zh: '已放行待入库', en: 'released, not yet in storage' },
  stored: { zh: '无菌存放', en: 'in sterile storage' },
  dispatched: { zh: '已发放', en: 'dispatched' },
  received: { zh: '科室已接收', en: 'received by the department' },
  used: { zh: '已使用', en: 'used' },
  use_unrecorded: { zh: '未记录使用（待科室补录）', en: 'use not recorded (the department completes it)' },
  returned: { zh: '已退回', en: 'returned' },
  failed: { zh: '不合格', en: 'failed' },
  problem: { zh: '问题包', en: 'reported as a problem' },
  recalled: { zh: '已召回', en: 'recalled' },
  incinerated: { zh: '已焚烧', en: 'incinerated' },
  lender_returned: { zh: '已归还厂家', en: 'returned to its lender' },
};

export function stateParams(state: PackState) {
  return { state, stateZh: STATE_LABELS[state].zh, stateEn: STATE_LABELS[state].en };
}

/** The state an action leads to from `state`, or 409 PACK_WRONG_STATE naming the current state. */
export function nextState(state: PackState, action: PackAction): PackState {
  const rule = PACK_ACTIONS[action];
  if (!(rule.from as readonly PackState[]).includes(state)) {
    throw new DomainError('PACK_WRONG_STATE', stateParams(state), { state, action, allowedFrom: rule.from });
  }
  return rule.to;
}

/** Refuses (409 PACK_WRONG_STATE naming the current state) a step the pack's state does not allow, before anything else is checked. */
export function assertCanDo(state: PackState, action: PackAction): void {
  nextState(state, action);
}

export function canDo(state: PackState, action: PackAction): boolean {
  return (PACK_ACTIONS[action].from as readonly PackState[]).includes(state);
}
