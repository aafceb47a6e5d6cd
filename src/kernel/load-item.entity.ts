import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Pack } from './pack.entity.js';
import { SterilizerLoad } from './sterilizer-load.entity.js';

/**
 * Load membership as permanent history (append-only): a pack added to or taken out of an
 * open load. A recall reads packs by the load they were sterilized in, not by a field
 * that may change later (a lesson from peers, docs/domain.md §8).
 */
@Entity('load_items')
@Index('ix_load_items_load', ['loadId', 'packId'])
@Index('ix_load_items_pack', ['packId'])
export class LoadItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) loadId: string;
  @ManyToOne(() => SterilizerLoad, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'load_id', foreignKeyConstraintName: 'fk_load_items_load' })
  load?: Relation<SterilizerLoad>;
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_load_items_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'varchar', length: 8 }) action: 'add' | 'remove';
  @Column({ type: 'uuid' }) actorId: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
