import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first answer to a request carrying an Idempotency-Key, replayed for its retries. */
@Entity('idempotency_records')
@Index('ix_idempotency_records_created', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' }) actorId: string;
  @PrimaryColumn({ type: 'varchar', length: 100 }) key: string;
  @Column({ type: 'varchar', length: 200 }) route: string;
  /** SHA-256 of the request body: the same key with another body is refused, never replayed. */
  @Column({ type: 'char', length: 64, nullable: true }) requestHash: string | null;
  /** Set with the answer (records of the earlier scheme held null while running; none are left). */
  @Column({ type: 'integer', nullable: true }) status: number | null;
  @Column({ type: 'jsonb', nullable: true }) body: unknown;
  /** Written inside the work's transaction from its result; replaced by the HTTP answer once sent. */
  @Column({ type: 'boolean', default: false }) provisional: boolean;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
