import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Loaner trays and the repair, scrap and compensation register (issue 16) in the tamper-evident record
 * (issue 15, §4.5), as migrations/1795779000000-RegistersSealed.ts did for the other registers: frozen
 * copy of the tables added to JOURNALED in src/ledger-seal/covered-tables.ts; all keyed by uuid `id`;
 * none archivable.
 */
const JOURNALED_TABLES = ['loaner_trays', 'loaner_returns', 'repair_entries', 'repair_steps'];

export class LoanersRepairsSealed1795781000000 implements MigrationInterface {
  name = 'LoanersRepairsSealed1795781000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of JOURNALED_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_ledger AFTER INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_ledger_journal('id')`,
      );
      await queryRunner.query(
        `INSERT INTO ledger_journal (table_name, row_key, digest) SELECT '${table}', t.id::text, cssd_ledger_row_digest(t, '{}') FROM "${table}" t ORDER BY 2`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The journal's lines stay (append-only); without the trigger the table is simply not covered.
    for (const table of [...JOURNALED_TABLES].reverse()) await queryRunner.query(`DROP TRIGGER tr_${table}_ledger ON "${table}"`);
  }
}
