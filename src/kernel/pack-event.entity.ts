import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { PackEventType } from './pack-event-types.js';
import { Pack } from './pack.entity.js';

/**
 * One step in a pack's history: who, when, at which station, what (§3.2). Append-only —
 * a trigger refuses UPDATE and DELETE; a correction is a new event pointing at the old one.
 */
@Entity('pack_events')
@Index('ix_pack_events_pack', ['packId', 'id'])
// Time-range scans (a month's workload): BRIN, since events arrive in time order — a few
// hundred kB where the B-tree was 727 MB at 63 M events and never used by a station query.
// Made by migration (TypeORM cannot declare BRIN); synchronize: false keeps it out of the diff.
@Index('ix_pack_events_at_brin', { synchronize: false })
// Issue 18: collections from another department than the one the pack was sent to, by time (the board's list).
@Index('ix_pack_events_collected_elsewhere', ['at'], { where: `type = 'collected_elsewhere'` })
export class PackEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_pack_events_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'varchar', length: 32 }) type: PackEventType;
  @Column({ type: 'varchar', length: 20, nullable: true }) fromState: string | null;
  @Column({ type: 'varchar', length: 20 }) toState: string;
  @Column({ type: 'uuid' }) actorId: string;
  /** The co-signer of a two-person step (§5). */
  @Column({ type: 'uuid', nullable: true }) secondActorId: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) station: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) data: Record<string, unknown>;
  @Column({ type: 'bigint', nullable: true }) correctsEventId: string | null;
}
