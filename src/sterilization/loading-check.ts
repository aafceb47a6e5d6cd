import { DomainError } from '../common/errors/domain-error.js';

/** The items of the loading check, seed 1.4: 包装、数量、规格、装载方法. */
export const LOADING_CHECK_ITEMS = ['packaging', 'quantity', 'specification', 'loadingMethod'] as const;
export type LoadingCheckItem = (typeof LOADING_CHECK_ITEMS)[number];

/** A load's latest loading check as the load's views and provenance show it (people by display name). */
export interface LoadingCheckRecord {
  id: string;
  packaging: boolean;
  quantity: boolean;
  specification: boolean;
  loadingMethod: boolean;
  passed: boolean;
  packCount: number;
  secondRequired: boolean;
  checkedBy: string;
  secondCheckedBy: string | null;
  checkedAt: Date;
  note: string | null;
  /** It covered exactly the packs in the load now (a pack scanned in or out since leaves it stale). */
  current: boolean;
}

/**
 * The loading-check rule at the start of a load (seed 1.4, issue 18): the load's latest check
 * passed and covered exactly the packs loaded now. An empty-chamber run (B-D, BI qualification)
 * holds nothing to check. `latestCheck` reads the load's latest check (SterilizationRepository).
 */
export async function assertLoadingChecked(
  load: { id: string; cycleNo: number; emptyChamber: boolean },
  latestCheck: () => Promise<LoadingCheckRecord | null>,
): Promise<void> {
  if (load.emptyChamber) return;
  const check = await latestCheck();
  if (!check) throw new DomainError('LOAD_CHECK_MISSING', { cycle: load.cycleNo });
  if (!check.current) throw new DomainError('LOAD_CHECK_OUTDATED', { cycle: load.cycleNo });
  if (!check.passed) {
    const failed = LOADING_CHECK_ITEMS.filter((item) => !check[item]);
    throw new DomainError(
      'LOAD_CHECK_FAILED',
      {
        cycle: load.cycleNo,
        itemsZh: failed.map((i) => ITEM_NAMES[i].zh).join('、'),
        itemsEn: failed.map((i) => ITEM_NAMES[i].en).join(', '),
      },
      { failed },
    );
  }
}

export const ITEM_NAMES: Record<LoadingCheckItem, { zh: string; en: string }> = {
  packaging: { zh: '包装', en: 'packaging' },
  quantity: { zh: '数量', en: 'quantity' },
  specification: { zh: '规格', en: 'specification' },
  loadingMethod: { zh: '装载方法', en: 'loading method' },
};
