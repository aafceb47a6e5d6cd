import type { BiResult } from './bi-test.entity.js';

/**
 * What a load's biological indicators say together (§4.2, §4.3). A load may carry several
 * BIs (two process challenge devices, a routine BI beside an implant's): it passed only when
 * every one of them was read negative with a valid positive control; one positive BI fails it
 * whatever the others say; any still incubating keeps it pending. A negative reading whose lot's
 * positive control did not grow that day proves nothing (WS/T 367): it is not a pass — the load
 * is `invalid` (neither passed nor failed: its BI must be repeated, nothing is recalled for it).
 * Release, the BI block, commissioning and the recall anchor all read a load's BIs through this
 * one verdict.
 */
export type BiVerdict = 'none' | 'pending' | 'passed' | 'failed' | 'invalid';

export function biVerdict(bis: readonly { result: BiResult; controlFailed?: boolean }[]): BiVerdict {
  if (bis.length === 0) return 'none';
  if (bis.some((b) => b.result === 'failed')) return 'failed';
  if (bis.some((b) => b.result === 'pending')) return 'pending';
  if (bis.every((b) => !b.controlFailed)) return 'passed';
  return 'invalid';
}

/**
 * SQL condition: a positive control of the BI aliased `b`'s product and lot, read on the day the
 * BI was read, did not grow — the reading is invalid. (BIs placed before the product catalog name
 * no product: no control can be matched to them.)
 */
export function controlFailedSql(b: string): string {
  return `EXISTS (SELECT 1 FROM bi_positive_controls pc
                   WHERE pc.lot = ${b}.lot AND pc.product_id = ${b}.product_id AND pc.control_date = ${b}.read_date AND NOT pc.grew)`;
}

/**
 * The verdict in SQL, for the load row aliased `load` (a scalar subquery). A run that failed its
 * physical or load-indicator checks (status failed) proves nothing whatever its BIs say: it
 * counts as failed — never as a qualification pass, an anchor or a retest that lifts a block.
 */
export function biVerdictSql(load: string): string {
  return `(SELECT CASE WHEN count(*) = 0 THEN 'none'
                       WHEN bool_or(vb.result = 'failed') OR ${load}.status = 'failed' THEN 'failed'
                       WHEN bool_or(vb.result = 'pending') THEN 'pending'
                       WHEN bool_and(NOT ${controlFailedSql('vb')}) THEN 'passed'
                       ELSE 'invalid' END
             FROM bi_tests vb WHERE vb.load_id = ${load}.id)`;
}

/**
 * SQL condition: the load aliased `load` ran to a completed cycle (its physical and load-indicator
 * checks passed) and has BIs, every one read negative under a positive control that grew — a
 * passing biological test.
 */
export function allBisPassedSql(load: string): string {
  return `(${load}.status = 'completed' AND EXISTS (SELECT 1 FROM bi_tests vb WHERE vb.load_id = ${load}.id)
           AND NOT EXISTS (SELECT 1 FROM bi_tests vb WHERE vb.load_id = ${load}.id AND (vb.result <> 'passed' OR ${controlFailedSql('vb')})))`;
}
