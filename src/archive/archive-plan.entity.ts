import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row one archival plans to remove (or, for `packs.washer_cycle_id`, to detach), by table and
 * key; `npm run archive -- --verify` loads an export's archive marks here the same way. Scratch
 * that lives only inside the archival's transaction (UNLOGGED in the migration): a dry run rolls
 * it back, a real run empties it before it commits.
 */
@Entity('archive_plan')
export class ArchivePlanRow {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_archive_plan' }) runId: string;
  @PrimaryColumn({ type: 'varchar', length: 63, primaryKeyConstraintName: 'pk_archive_plan' }) tableName: string;
  /** Byte order (COLLATE "C"): the export is written, and read back, in this order. */
  @PrimaryColumn({ type: 'varchar', length: 200, collation: 'C', primaryKeyConstraintName: 'pk_archive_plan' }) rowKey: string;
  /** The digest the row must have in the export: the sealed one (covered tables), else the live row's. */
  @Column({ type: 'bytea', nullable: true }) digest: Buffer | null;
  /** A sealed table's row: the batch that sealed it. */
  @Column({ type: 'bigint', nullable: true }) batch: string | null;
}
