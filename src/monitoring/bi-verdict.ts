import type { BiResult } from './bi-test.entity.js';

/**
 * What a load's biological indicators say together (§4.2, §4.3). A load may carry several
 * BIs (two process challenge devices, a routine BI beside an implant's): it passed only when
 * every one of them was read negative; one positive BI fails it whatever the others say; any
 * still incubating keeps it pending. Release, the BI block, commissioning and the recall
 * anchor all read a load's BIs through this one verdict.
 */
export type BiVerdict = 'none' | 'pending' | 'passed' | 'failed';

export function biVerdict(results: readonly BiResult[]): BiVerdict {
  if (results.length === 0) return 'none';
  if (results.includes('failed')) return 'failed';
  if (results.every((r) => r === 'passed')) return 'passed';
  return 'pending';
}

/**
 * The verdict in SQL, for the load row aliased `load` (a scalar subquery). A run that failed its
 * physical or load-indicator checks (status failed) proves nothing whatever its BIs say: it
 * counts as failed — never as a qualification pass, an anchor or a retest that lifts a block.
 */
export function biVerdictSql(load: string): string {
  return `(SELECT CASE WHEN count(*) = 0 THEN 'none'
                       WHEN bool_or(vb.result = 'failed') OR ${load}.status = 'failed' THEN 'failed'
                       WHEN bool_and(vb.result = 'passed') THEN 'passed'
                       ELSE 'pending' END
             FROM bi_tests vb WHERE vb.load_id = ${load}.id)`;
}

/**
 * SQL condition: the load aliased `load` ran to a completed cycle (its physical and load-indicator
 * checks passed) and has BIs, every one read negative — a passing biological test.
 */
export function allBisPassedSql(load: string): string {
  return `(${load}.status = 'completed' AND EXISTS (SELECT 1 FROM bi_tests vb WHERE vb.load_id = ${load}.id)
           AND NOT EXISTS (SELECT 1 FROM bi_tests vb WHERE vb.load_id = ${load}.id AND vb.result <> 'passed'))`;
}
