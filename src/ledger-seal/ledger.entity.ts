import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/**
 * One insert or update of a journaled table (JOURNALED_TABLES in the migration), written by the
 * database's own trigger: the row's key and the SHA-256 of its canonical form. Append-only.
 */
@Entity('ledger_journal')
@Index('ix_ledger_journal_row', ['tableName', 'rowKey', 'id'])
export class LedgerJournalLine {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_ledger_journal' }) id: string;
  @Column({ type: 'varchar', length: 63 }) tableName: string;
  @Column({ type: 'varchar', length: 200 }) rowKey: string;
  @Column({ type: 'bytea' }) digest: Buffer;
}

/** A sealed batch of one table's rows (ids ascending, each row's digest), chained to the batch before. Append-only. */
@Entity('ledger_seals')
@Check('ck_ledger_seals_rows', `cardinality(row_ids) >= 1 AND octet_length(row_digests) = 32 * cardinality(row_ids)`)
@Index('ix_ledger_seals_table', ['tableName', 'batch'])
export class LedgerSealBatch {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_ledger_seals' }) batch: string;
  @Column({ type: 'varchar', length: 63 }) tableName: string;
  @Column({ type: 'bigint' }) firstId: string;
  @Column({ type: 'bigint' }) lastId: string;
  @Column({ type: 'bigint', array: true }) rowIds: string[];
  @Column({ type: 'bytea' }) rowDigests: Buffer;
  @Column({ type: 'bytea' }) prevHash: Buffer;
  @Column({ type: 'bytea' }) hash: Buffer;
  @Column({ type: 'timestamptz' }) sealedAt: Date;
}

/**
 * One archival (issue 15 retention, src/archive/): who ran it (the operator's name and the OS user),
 * when by the service's clock, which kind before which hospital day, where the export went and the
 * SHA-256 of its manifest, the rows removed per table. Append-only and journaled.
 */
@Entity('archive_runs')
@Check('ck_archive_runs_kind', `kind IN ('cleaning', 'sterilization')`)
@Index('ix_archive_runs_performed', ['performedAt'])
export class ArchiveRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_archive_runs' }) id: string;
  @Column({ type: 'varchar', length: 16 }) kind: 'cleaning' | 'sterilization';
  /** The cut-off: rows dated before the start of this hospital day were archived. */
  @Column({ type: 'date' }) beforeDate: string;
  @Column({ type: 'timestamptz' }) cutOffAt: Date;
  @Column({ type: 'timestamptz' }) performedAt: Date;
  @Column({ type: 'varchar', length: 100 }) performedBy: string;
  @Column({ type: 'varchar', length: 100 }) osUser: string;
  @Column({ type: 'varchar', length: 255 }) host: string;
  @Column({ type: 'varchar', length: 1000 }) outDir: string;
  @Column({ type: 'varchar', length: 64 }) manifestSha256: string;
  @Column({ type: 'jsonb' }) rowCounts: Record<string, number>;
  /** Rows before the cut-off kept because something younger still needs them (--keep-blocked). */
  @Column({ type: 'int' }) keptCount: number;
}

/**
 * Sealed rows an archival removed, with the digest each had when sealed: a sealed table's rows of
 * one batch (`batch`), or a journaled table's rows by key (`batch` null; the digest of their latest
 * journal line). Append-only and itself sealed by id: verify accepts a sealed row that is gone only
 * when a mark names it with the digest it was sealed with.
 */
@Entity('ledger_archive_marks')
@Check('ck_ledger_archive_marks_rows', `cardinality(row_keys) >= 1 AND octet_length(digests) = 32 * cardinality(row_keys)`)
@Index('ix_ledger_archive_marks_table', ['tableName', 'batch'])
@Index('ix_ledger_archive_marks_archive', ['archiveId', 'tableName', 'id'])
export class LedgerArchiveMark {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_ledger_archive_marks' }) id: string;
  @Column({ type: 'uuid' }) archiveId: string;
  @ManyToOne(() => ArchiveRun, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'archive_id', foreignKeyConstraintName: 'fk_ledger_archive_marks_archive' })
  archive?: Relation<ArchiveRun>;
  @Column({ type: 'varchar', length: 63 }) tableName: string;
  @Column({ type: 'bigint', nullable: true }) batch: string | null;
  @Column({ type: 'varchar', length: 200, array: true }) rowKeys: string[];
  @Column({ type: 'bytea' }) digests: Buffer;
}
