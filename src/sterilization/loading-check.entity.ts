import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/**
 * The loading check 装载核查 before a load starts (seed 1.4, issue 18): packaging, quantity,
 * specification and loading method, each passed or failed, by the operator; for a load holding
 * an implant or critical pack, checked by a second person too. The packs it covered are kept:
 * a pack scanned in or out afterwards leaves the load unchecked. Append-only; a check that
 * failed stays on record, and the next one is a new row.
 */
@Entity('load_checks')
@Index('ix_load_checks_load', ['loadId', 'id'])
// A failed item cannot be recorded as a passed check, in the database too.
@Check('ck_load_checks_passed', `passed = (packaging AND quantity AND specification AND loading_method)`)
@Check('ck_load_checks_second', `(NOT second_required OR second_checked_by IS NOT NULL) AND second_checked_by IS DISTINCT FROM checked_by`)
export class LoadingCheck {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_load_checks' }) id: string;
  @Column({ type: 'uuid' }) loadId: string;
  @ManyToOne(() => SterilizerLoad, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'load_id', foreignKeyConstraintName: 'fk_load_checks_load' })
  load?: Relation<SterilizerLoad>;
  /** 包装: wrapping intact, closed, indicator tape and label on. */
  @Column({ type: 'boolean' }) packaging: boolean;
  /** 数量: the packs in the chamber are the packs scanned in. */
  @Column({ type: 'boolean' }) quantity: boolean;
  /** 规格: pack size and weight within what the sterilizer and program take. */
  @Column({ type: 'boolean' }) specification: boolean;
  /** 装载方法: placement (spacing, heavy below, pouches on edge, nothing touching the chamber). */
  @Column({ type: 'boolean' }) loadingMethod: boolean;
  @Column({ type: 'boolean' }) passed: boolean;
  /** The packs the check covered (their ids): the load may start only with exactly these. */
  @Column({ type: 'uuid', array: true }) packIds: string[];
  /** The load held an implant or critical pack: a second person checked it (§5). */
  @Column({ type: 'boolean' }) secondRequired: boolean;
  @Column({ type: 'uuid' }) checkedBy: string;
  @Column({ type: 'uuid', nullable: true }) secondCheckedBy: string | null;
  @Column({ type: 'timestamptz' }) checkedAt: Date;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
}
