import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { BiProduct } from '../catalog/bi-product.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { SterilizerLoad } from './sterilizer-load.entity.js';

export type BiResult = 'pending' | 'passed' | 'failed';

/** Biological indicator 生物监测 placed in a load, read after incubation (§4.2). */
@Entity('bi_tests')
@Index('ix_bi_tests_sterilizer', ['sterilizerId', 'placedAt'])
@Index('ix_bi_tests_load', ['loadId'])
// The load gate looks for a sterilizer's failed BIs at every load open and start: a handful
// among thousands of tests (regional set: 1 of 1,559 — 11 ms by the sterilizer index, 0.1 ms by this).
@Index('ix_bi_tests_failed', ['sterilizerId'], { where: `result = 'failed'` })
@Check('ck_bi_tests_result', `result IN ('pending', 'passed', 'failed')`)
export class BiTest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) sterilizerId: string;
  @ManyToOne(() => Sterilizer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sterilizer_id', foreignKeyConstraintName: 'fk_bi_tests_sterilizer' })
  sterilizer?: Relation<Sterilizer>;
  @Column({ type: 'uuid' }) loadId: string;
  @ManyToOne(() => SterilizerLoad, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'load_id', foreignKeyConstraintName: 'fk_bi_tests_load' })
  load?: Relation<SterilizerLoad>;
  /** The product (its IFU decides the incubation and the methods it fits); null: placed before the product catalog existed. */
  @Column({ type: 'uuid', nullable: true }) productId: string | null;
  @ManyToOne(() => BiProduct, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_bi_tests_product' })
  product?: Relation<BiProduct>;
  @Column({ type: 'varchar', length: 40 }) lot: string;
  /** When it was put in the chamber (in its PCD), before the load started. */
  @Column({ type: 'timestamptz' }) placedAt: Date;
  @Column({ type: 'uuid' }) placedBy: string;
  /**
   * The product's incubation / readout time as it was when the BI was placed (its IFU: 24–48 h
   * self-contained, 1–3 h rapid readout): the result is refused before the load finished plus this long.
   */
  @Column({ type: 'integer' }) readoutMinutes: number;
  /** The process challenge device's type 5 integrating indicator, read after the cycle (needed for emergency release). */
  @Column({ type: 'boolean', nullable: true }) pcdType5Passed: boolean | null;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) result: BiResult;
  @Column({ type: 'timestamptz', nullable: true }) readAt: Date | null;
  /** The hospital day it was read: the day whose positive control of its lot covers the reading. */
  @Column({ type: 'date', nullable: true }) readDate: string | null;
  /** When the service learned the result (its own clock): the BI block is measured from here, never from a stated read time. */
  @Column({ type: 'timestamptz', nullable: true }) resultRecordedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) readBy: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
