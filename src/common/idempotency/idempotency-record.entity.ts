import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first answer to a request carrying an Idempotency-Key, replayed for its retries. */
@Entity('idempotency_records')
@Index('ix_idempotency_records_created', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' }) actorId: string;
  @PrimaryColumn({ type: 'varchar', length: 100 }) key: string;
  @Column({ type: 'varchar', length: 200 }) route: string;
  /** SHA-256 of the request body: the same key with another body is refused, never replayed. */
  @Column({ type: 'char', length: 64, nullable: true }) requestHash: string | null;
  /** Null while the first request is still running. */
  @Column({ type: 'integer', nullable: true }) status: number | null;
  @Column({ type: 'jsonb', nullable: true }) body: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
