import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written data fix (issue 19 item 11): a recall opened while an earlier open recall was still
 * looking for a pack listed that pack as `out_of_circulation` (it was already `recalled`) and could
 * close without it. In every open recall, such an item becomes `not_found` again, where the earliest
 * open recall still looking for it found it (state, department). Its department was told by that
 * recall already; from now on one scan settles the pack in both. Closed recalls are left as they
 * closed: the earlier recall, still open, holds the pack.
 */
export class OverlappingRecallItems1795760100000 implements MigrationInterface {
  name = 'OverlappingRecallItems1795760100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE recall_items later
                SET disposition = 'not_found', state_at_recall = earlier.state_at_recall, department_id = earlier.department_id
               FROM recalls lr,
                    (SELECT DISTINCT ON (ri.pack_id) ri.pack_id, ri.state_at_recall, ri.department_id, r.opened_at
                       FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id
                      WHERE r.status = 'open' AND ri.disposition = 'not_found'
                      ORDER BY ri.pack_id, r.opened_at) earlier
              WHERE lr.id = later.recall_id AND lr.status = 'open' AND lr.opened_at > earlier.opened_at
                AND later.pack_id = earlier.pack_id AND later.disposition = 'out_of_circulation' AND later.state_at_recall = 'recalled'`,
    );
  }

  public async down(): Promise<void> {
    // Nothing to undo in the schema; the corrected items stay correct.
  }
}
