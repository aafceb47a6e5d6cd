import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Pack } from '../kernel/pack.entity.js';
import { Recall } from './recall.entity.js';

export const DISPOSITIONS = ['not_found', 'pulled', 'returned', 'used', 'use_not_recorded', 'out_of_circulation'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * One pack in a recall and how it is accounted for (§4.4): pulled from storage, returned by
 * its department, already used (patient listed for follow-up), back at the CSSD with no use
 * recorded (its department is asked: issue 18), or already out of circulation.
 * The history of each change is on the pack's events.
 */
@Entity('recall_items')
@Index('ix_recall_items_pack', ['packId'])
@Index('ix_recall_items_department', ['departmentId', 'disposition'])
@Check(
  'ck_recall_items_disposition',
  `disposition IN ('not_found', 'pulled', 'returned', 'used', 'use_not_recorded', 'out_of_circulation')`,
)
export class RecallItem {
  @PrimaryColumn({ type: 'uuid' }) recallId: string;
  @ManyToOne(() => Recall, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recall_id', foreignKeyConstraintName: 'fk_recall_items_recall' })
  recall?: Relation<Recall>;
  @PrimaryColumn({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_recall_items_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'uuid' }) loadId: string;
  @Column({ type: 'varchar', length: 20 }) stateAtRecall: string;
  /** Where the pack was when the recall opened (its department, if it had been dispatched). */
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @Column({ type: 'varchar', length: 20 }) disposition: Disposition;
  @Column({ type: 'varchar', length: 40, nullable: true }) patientId: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) operationId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) accountedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) accountedBy: string | null;
  /** Set when the department itself sent the pack back (accountedBy is then its user); null when the CSSD scanned it in. */
  @Column({ type: 'uuid', nullable: true }) returnedFromDepartmentId: string | null;
  /** Who of the department handed the pack in at the CSSD (issue 18), when the nurse recorded it. */
  @Column({ type: 'text', nullable: true }) handedInBy: string | null;
}
