import { DomainError } from '../common/errors/domain-error.js';
import type { Disposition, RepairStepKind } from './repair.entity.js';

/** Where an entry stands, from its disposition and its steps so far. */
export const REPAIR_STATUSES = ['awaiting_repair', 'at_vendor', 'repaired', 'awaiting_scrap', 'scrapped', 'lost'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export const COMPENSATION_STATUSES = ['open', 'settled'] as const;
export type CompensationStatus = (typeof COMPENSATION_STATUSES)[number];

export const REPAIR_STATUS_NAMES: Record<RepairStatus, { zh: string; en: string }> = {
  awaiting_repair: { zh: '待送修', en: 'awaiting repair' },
  at_vendor: { zh: '维修中', en: 'at the repair vendor' },
  repaired: { zh: '已修复，回库', en: 'repaired, back to stock' },
  awaiting_scrap: { zh: '待护士长确认报废', en: 'awaiting the head nurse’s scrap confirmation' },
  scrapped: { zh: '已报废', en: 'scrapped' },
  lost: { zh: '丢失', en: 'lost' },
};
export const REPAIR_STEP_NAMES: Record<RepairStepKind, { zh: string; en: string }> = {
  sent: { zh: '送修', en: 'sent for repair' },
  repaired: { zh: '修复返回', en: 'back repaired' },
  beyond_repair: { zh: '无法修复', en: 'beyond repair' },
  scrap_confirmed: { zh: '确认报废', en: 'scrap confirmed' },
  compensation_settled: { zh: '赔偿已结清', en: 'compensation settled' },
};
export const DISPOSITION_NAMES: Record<Disposition, { zh: string; en: string }> = {
  repair: { zh: '送修', en: 'repair' },
  scrap: { zh: '报废', en: 'scrap' },
  lost: { zh: '丢失', en: 'lost' },
};

/** What an entry is, for its status: the disposition, the steps recorded, whether a department was charged. */
export interface EntryFacts {
  disposition: Disposition;
  steps: readonly RepairStepKind[];
  charged: boolean;
}

/**
 * Seed 4.4: a repair goes to the vendor and comes back repaired (back to stock) or beyond repair (then
 * scrapped once the head nurse confirms); a scrap waits for her confirmation; a loss is recorded as such.
 */
export function repairStatus(f: EntryFacts): RepairStatus {
  const has = (s: RepairStepKind) => f.steps.includes(s);
  if (f.disposition === 'lost') return 'lost';
  if (has('scrap_confirmed')) return 'scrapped';
  if (f.disposition === 'scrap' || has('beyond_repair')) return 'awaiting_scrap';
  if (has('repaired')) return 'repaired';
  return has('sent') ? 'at_vendor' : 'awaiting_repair';
}

export function compensationStatus(f: EntryFacts): CompensationStatus | null {
  if (!f.charged) return null;
  return f.steps.includes('compensation_settled') ? 'settled' : 'open';
}

/** Closed: nothing more happens to the instrument and the compensation, if any, is settled. */
export function isClosed(f: EntryFacts): boolean {
  return ['repaired', 'scrapped', 'lost'].includes(repairStatus(f)) && compensationStatus(f) !== 'open';
}

/** The steps an entry may take now. */
export function nextSteps(f: EntryFacts): RepairStepKind[] {
  const status = repairStatus(f);
  const out: RepairStepKind[] = [];
  if (status === 'awaiting_repair') out.push('sent');
  if (status === 'at_vendor') out.push('repaired', 'beyond_repair');
  if (status === 'awaiting_scrap') out.push('scrap_confirmed');
  if (compensationStatus(f) === 'open') out.push('compensation_settled');
  return out;
}

/** Refuses a step a closed entry, or one not open to the entry as it stands. */
export function assertStepAllowed(f: EntryFacts, step: RepairStepKind): void {
  const status = repairStatus(f);
  const names = REPAIR_STATUS_NAMES[status];
  if (isClosed(f)) throw new DomainError('REPAIR_ENTRY_CLOSED', { statusZh: names.zh, statusEn: names.en }, { status });
  if (!nextSteps(f).includes(step)) {
    throw new DomainError(
      'REPAIR_STEP_NOT_ALLOWED',
      { statusZh: names.zh, statusEn: names.en, stepZh: REPAIR_STEP_NAMES[step].zh, stepEn: REPAIR_STEP_NAMES[step].en },
      { status, step, allowed: nextSteps(f) },
    );
  }
}
