import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { LOAD_RELEASE_NAMES, LOAD_STATUS_NAMES, SterilizerLoad, type LoadRelease, type LoadStatus } from './sterilizer-load.entity.js';

/**
 * The sterilizer load state machine (§3.2 step 4, §4.2, §4.3) — the only place that decides which
 * step may follow which for a load, as pack-state.ts does for packs. A load's row has two columns,
 * its run (`status`) and what its packs may do (`release`); together they take one of these phases:
 */
export const LOAD_PHASES = [
  'open', // 装载中 — open, packs scanned in and out (status open, release pending)
  'running', // 运行中 — the cycle runs (running, pending)
  'cancelled', // 已取消 — never ran; its cycle number stays used (cancelled, pending)
  'released', // 已放行 — unloaded, every pack may go to storage (completed, released)
  'awaiting_bi', // 待生物监测 — unloaded, its implant (EO: all) packs wait for the BI (completed, awaiting_bi)
  'bi_failed', // 生物监测阳性 — the cycle completed, a BI read afterwards was positive (completed, failed)
  'failed', // 灭菌失败 — failed at unloading: physical, load indicator or BI already positive (failed, failed)
] as const;
export type LoadPhase = (typeof LOAD_PHASES)[number];

/** The row's columns for each phase. */
export const LOAD_PHASE_COLUMNS: Record<LoadPhase, { status: LoadStatus; release: LoadRelease }> = {
  open: { status: 'open', release: 'pending' },
  running: { status: 'running', release: 'pending' },
  cancelled: { status: 'cancelled', release: 'pending' },
  released: { status: 'completed', release: 'released' },
  awaiting_bi: { status: 'completed', release: 'awaiting_bi' },
  bi_failed: { status: 'completed', release: 'failed' },
  failed: { status: 'failed', release: 'failed' },
};

/** What a person reads for each phase, in refusals. */
export const LOAD_PHASE_NAMES: Record<LoadPhase, { zh: string; en: string }> = {
  open: { zh: '装载中', en: 'open' },
  running: { zh: '运行中', en: 'running' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  released: { zh: '已放行', en: 'released' },
  awaiting_bi: { zh: '等待生物监测结果', en: 'waiting for its BI' },
  bi_failed: { zh: '生物监测阳性', en: 'failed by a positive BI' },
  failed: { zh: '灭菌失败', en: 'failed' },
};

/**
 * The phase of a load row: a completed load is placed by its release, the others by their status.
 * Null for a pair no step produces (completed but pending): no step is allowed from it.
 */
export function loadPhase(load: { status: LoadStatus; release: LoadRelease }): LoadPhase | null {
  if (load.status !== 'completed') return load.status;
  const byRelease: Record<LoadRelease, LoadPhase | null> = {
    released: 'released',
    awaiting_bi: 'awaiting_bi',
    failed: 'bi_failed',
    pending: null,
  };
  return byRelease[load.release];
}

/** How a load comes into being: opened to take packs, or a B-D test cycle recorded once it ran (§4.2). */
export const LOAD_BIRTHS = { opened: 'open', bd_passed: 'released', bd_failed: 'failed' } as const satisfies Record<string, LoadPhase>;

type Refusal = (load: { status: LoadStatus; release: LoadRelease }) => DomainError;
const notOpen: Refusal = (l) => new DomainError('LOAD_NOT_OPEN', { status: LOAD_STATUS_NAMES[l.status] });
const notRunning: Refusal = (l) => new DomainError('LOAD_NOT_RUNNING', { status: LOAD_STATUS_NAMES[l.status] });
/** A BI is read, and its PCD's indicator recorded, only once the cycle ran and was unloaded. */
const notUnloaded =
  (beforeRun: 'BI_LOAD_NOT_RUN' | 'PCD_BEFORE_UNLOAD', whileRunning: 'BI_LOAD_RUNNING' | 'PCD_BEFORE_UNLOAD'): Refusal =>
  (l) =>
    new DomainError(l.status === 'cancelled' ? 'LOAD_CANCELLED' : l.status === 'open' ? beforeRun : whileRunning);
/** A step on the BI results that its load's phase does not allow (the callers ask canDoOnLoad first). */
const wrongState: Refusal = (l) => {
  const phase = loadPhase(l);
  return new DomainError(
    'LOAD_WRONG_STATE',
    { phase: phase ? LOAD_PHASE_NAMES[phase] : `${l.status}/${l.release}` },
    { status: l.status, release: l.release },
  );
};
const UNLOADED: readonly LoadPhase[] = ['released', 'awaiting_bi', 'bi_failed', 'failed'];

/**
 * Every step on a load: the phases it is allowed from, the phase it leads to (none: the step works
 * on the load without moving it; several: the step's outcome picks one), and how it is refused from
 * any other phase.
 */
export const LOAD_ACTIONS = {
  add_pack: { from: ['open'], refuse: notOpen },
  remove_pack: { from: ['open'], refuse: notOpen },
  // 装载核查 (seed 1.4): the packs in the load now, before it starts.
  check_loading: { from: ['open'], refuse: notOpen },
  start: { from: ['open'], to: 'running', refuse: notOpen },
  cancel: { from: ['open'], to: 'cancelled', refuse: notOpen },
  // §4.2: the BI sits in its PCD in the chamber before the cycle starts.
  place_bi: { from: ['open'], refuse: (l) => new DomainError(l.status === 'cancelled' ? 'LOAD_CANCELLED' : 'BI_LOAD_STARTED') },
  // Unloading (seed 1.4) judges the run; release-policy's loadReleaseAtUnload says which of the three.
  unload: { from: ['running'], to: ['released', 'awaiting_bi', 'failed'], refuse: notRunning },
  read_bi: { from: UNLOADED, refuse: notUnloaded('BI_LOAD_NOT_RUN', 'BI_LOAD_RUNNING') },
  record_pcd: { from: UNLOADED, refuse: notUnloaded('PCD_BEFORE_UNLOAD', 'PCD_BEFORE_UNLOAD') },
  // WS 310.3 4.4.2.3.2: named implants released before their BI result, only while the load waits for it.
  emergency_release: {
    from: ['awaiting_bi'],
    refuse: (l) =>
      new DomainError('EMERGENCY_RELEASE_NOT_ALLOWED', {
        reasonZh: `该锅次${LOAD_RELEASE_NAMES[l.release].zh}，不在等待生物监测结果`,
        reasonEn: `the load is ${LOAD_RELEASE_NAMES[l.release].en}, not waiting for a BI`,
      }),
  },
  // §4.3: the last of its BIs read negative releases the packs it held.
  release_after_bi: { from: ['awaiting_bi'], to: 'released', refuse: wrongState },
  // Issue 18: the reading that released it proved nothing (its lot's positive control did not grow).
  release_withdrawn: { from: ['released'], to: 'awaiting_bi', refuse: wrongState },
  // §4.2: a positive BI fails its load at once, released or still waiting (the run itself completed).
  bi_positive: { from: ['released', 'awaiting_bi'], to: 'bi_failed', refuse: wrongState },
} as const satisfies Record<string, { from: readonly LoadPhase[]; to?: LoadPhase | readonly LoadPhase[]; refuse: Refusal }>;
export type LoadAction = keyof typeof LOAD_ACTIONS;

export function canDoOnLoad(load: { status: LoadStatus; release: LoadRelease }, action: LoadAction): boolean {
  const phase = loadPhase(load);
  return phase !== null && (LOAD_ACTIONS[action].from as readonly LoadPhase[]).includes(phase);
}

/** Refuses the step (with its own code, naming the load's status) unless the load is in a phase it is allowed from. */
export function assertLoadCan(load: { status: LoadStatus; release: LoadRelease }, action: LoadAction): void {
  if (!canDoOnLoad(load, action)) throw LOAD_ACTIONS[action].refuse(load);
}

/** The phase a step leads to (`outcome`: which one, for a step that may lead to several), or its refusal. */
export function nextLoadPhase(load: { status: LoadStatus; release: LoadRelease }, action: LoadAction, outcome?: LoadPhase): LoadPhase {
  assertLoadCan(load, action);
  const rule = LOAD_ACTIONS[action] as { to?: LoadPhase | readonly LoadPhase[] };
  const targets: readonly (LoadPhase | undefined)[] =
    rule.to === undefined ? [undefined] : typeof rule.to === 'string' ? [rule.to] : rule.to;
  const to = outcome ?? (targets.length === 1 ? targets[0] : undefined);
  // A programming error, not a refusal: the caller named an outcome the step cannot have.
  if (!targets.includes(to)) throw new RangeError(`load step ${action} cannot lead to ${String(outcome)}`);
  return to ?? loadPhase(load)!;
}

/** The columns a new load row starts with. */
export function newLoadColumns(birth: keyof typeof LOAD_BIRTHS): { status: LoadStatus; release: LoadRelease } {
  return { ...LOAD_PHASE_COLUMNS[LOAD_BIRTHS[birth]] };
}

/**
 * The one writer of a load's status and release: checks the step against the table, then writes
 * the new phase with the step's other columns (`changes`) in one UPDATE. The caller holds the load
 * row locked. Returns the new phase. (The database guards the same moves once a load has run:
 * tr_sterilizer_loads_completed_fixed, migrations 1795760800000 and 1795761410000.)
 */
export async function moveLoad(
  m: EntityManager,
  load: { id: string; status: LoadStatus; release: LoadRelease },
  action: LoadAction,
  changes: Omit<Partial<SterilizerLoad>, 'status' | 'release' | 'id'> = {},
  outcome?: LoadPhase,
): Promise<LoadPhase> {
  const to = nextLoadPhase(load, action, outcome);
  await m.getRepository(SterilizerLoad).update({ id: load.id }, { ...changes, ...LOAD_PHASE_COLUMNS[to] });
  return to;
}
