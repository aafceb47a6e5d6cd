import type { EntityManager } from 'typeorm';
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

/** The latest check of load $1, judged against the packs loaded in it now. */
export const LATEST_LOADING_CHECK_SQL = `
  SELECT c.id::text AS id, c.packaging, c.quantity, c.specification, c.loading_method AS "loadingMethod", c.passed,
         cardinality(c.pack_ids) AS "packCount", c.second_required AS "secondRequired",
         cu.display_name AS "checkedBy", su.display_name AS "secondCheckedBy", c.checked_at AS "checkedAt", c.note,
         (SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}') FROM packs p WHERE p.load_id = c.load_id)
           = (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(c.pack_ids) x) AS current
    FROM load_checks c JOIN users cu ON cu.id = c.checked_by LEFT JOIN users su ON su.id = c.second_checked_by
   WHERE c.load_id = $1 ORDER BY c.id DESC LIMIT 1`;

export async function latestLoadingCheck(m: EntityManager, loadId: string): Promise<LoadingCheckRecord | null> {
  const [row] = await m.query(LATEST_LOADING_CHECK_SQL, [loadId]);
  return row ?? null;
}

/**
 * Implant and critical loads are checked by two people (§5, seed 1.3–1.4): a load holding any
 * pack of an implant or critical set (as packed: its template version).
 */
export async function loadNeedsSecondChecker(m: EntityManager, packIds: string[]): Promise<boolean> {
  if (packIds.length === 0) return false;
  const [{ needed }] = await m.query(
    `SELECT coalesce(bool_or(p.implant OR coalesce(v.critical, t.critical) OR coalesce(v.implant, t.implant)), false) AS needed
       FROM packs p JOIN set_templates t ON t.id = p.template_id
       LEFT JOIN set_template_versions v ON v.template_id = p.template_id AND v.version = p.template_version
      WHERE p.id = ANY($1::uuid[])`,
    [packIds],
  );
  return needed;
}

/**
 * The loading-check rule at the start of a load (seed 1.4, issue 18): the load's latest check
 * passed and covered exactly the packs loaded now. An empty-chamber run (B-D, BI qualification)
 * holds nothing to check.
 */
export async function assertLoadingChecked(m: EntityManager, load: { id: string; cycleNo: number; emptyChamber: boolean }): Promise<void> {
  if (load.emptyChamber) return;
  const check = await latestLoadingCheck(m, load.id);
  if (!check) throw new DomainError('LOAD_CHECK_MISSING', { cycle: load.cycleNo });
  if (!check.current) throw new DomainError('LOAD_CHECK_OUTDATED', { cycle: load.cycleNo });
  if (!check.passed) {
    const failed = LOADING_CHECK_ITEMS.filter((item) => !check[item]);
    throw new DomainError('LOAD_CHECK_FAILED', { cycle: load.cycleNo, itemsZh: failed.map((i) => ITEM_NAMES[i].zh).join('、'), itemsEn: failed.map((i) => ITEM_NAMES[i].en).join(', ') }, { failed });
  }
}

export const ITEM_NAMES: Record<LoadingCheckItem, { zh: string; en: string }> = {
  packaging: { zh: '包装', en: 'packaging' },
  quantity: { zh: '数量', en: 'quantity' },
  specification: { zh: '规格', en: 'specification' },
  loadingMethod: { zh: '装载方法', en: 'loading method' },
};
