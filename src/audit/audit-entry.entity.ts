import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed which catalog item or user, and how. Append-only (a trigger refuses UPDATE/DELETE). */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entityType', 'entityId', 'at'])
@Index('ix_audit_log_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 40 }) action: string;
  @Column({ type: 'varchar', length: 40 }) entityType: string;
  @Column({ type: 'uuid' }) entityId: string;
  @Column({ type: 'jsonb', nullable: true }) before: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) after: Record<string, unknown> | null;
}
